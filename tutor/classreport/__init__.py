"""The class report: one self-contained HTML page of how a class answered a lesson."""
