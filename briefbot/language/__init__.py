"""Language tools: the text toolkit, general-English casing, countries, the entity
gazetteer, event dates, the question frame, per-sentence features and injection forms.

The bottom wing: pure functions over text, importing no other wing, so that every stage
above (sources, store, truth, writing, app) reads text the same way.
"""
