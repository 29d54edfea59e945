"""The eval harness: labelled answers in, agreement with the human labels out (`tutor eval`)."""
