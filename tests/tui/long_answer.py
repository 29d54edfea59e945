"""A long answer of plain English (about 3,000 characters), as a learner might paste one.

On purpose about nothing in any lesson: the guard must call it too long, and only that.
"""

PASTED_ESSAY = (
    "When I was a child my grandmother kept a small garden behind her house, and every "
    "summer she let me help her with it. We planted beans along the fence, tomatoes in the "
    "sunniest corner, and a row of lettuce that never seemed to grow as fast as I wanted it "
    "to. She told me that a garden teaches patience before it teaches anything else, and I "
    "did not believe her at first. I would water the seeds in the morning and run back in "
    "the afternoon to see whether anything had come up. Of course nothing had. It took "
    "almost two weeks before the first pale shoots pushed through the soil, and by then I "
    "had nearly given up. Looking back, I think that was the first time I understood that "
    "some things cannot be hurried, no matter how much you want them. Later in the summer "
    "the garden became a different kind of lesson. The tomatoes grew tall and heavy, and we "
    "had to tie them to wooden stakes so that the stems would not snap. The beans climbed "
    "the fence on their own, curling around the wire as if they knew exactly where to go. "
    "My grandmother showed me how to pinch off the small shoots between the main stem and "
    "the branches, so that the plant would put its strength into the fruit instead of into "
    "leaves. I remember being surprised that taking something away could make a plant "
    "stronger. She said the same was true of people: we do better when we stop trying to "
    "do everything at once. There were bad weeks too. One year a storm flattened half the "
    "lettuce, and another year small green insects covered the undersides of the leaves. "
    "We tried soapy water, then a spray made from garlic, and finally we simply picked them "
    "off by hand every evening. It was slow and boring work, and I complained about it "
    "constantly, but it worked better than anything else. My grandmother liked to say that "
    "most problems give way to steady attention rather than clever tricks. When autumn "
    "came we harvested what was left, pulled up the old plants, and spread compost over "
    "the beds for the winter. I asked her why we bothered, since nothing would grow until "
    "spring. She explained that the soil needed to rest and to be fed, just like we did, "
    "and that next year's garden started in the cold months when nobody was looking. I "
    "have thought about that many times since, especially during long projects at work "
    "where the important part happens quietly, long before anyone sees a result. Now I "
    "have a small garden of my own, much less tidy than hers. I still plant beans along "
    "the fence, and I still check too often to see whether the seeds have come up. But I "
    "am a little more patient than I was, and when something goes wrong I try to look at "
    "it closely and keep at it, one evening at a time. I suppose that is what she was "
    "really trying to teach me all along, and I am grateful that she took the time to do it. "
    "Last spring my niece came to stay for a few weeks, and I found myself repeating the "
    "same advice to her, almost word for word, while she knelt by the fence and asked me "
    "every single morning why the seeds were taking so very long."
)

#: One sentence pasted over and over: English words, but the same few of them.
REPEATED_SENTENCE = "The garden teaches patience before it teaches anything else. " * 50
