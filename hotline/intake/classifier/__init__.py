"""Text classifier for intake: suggests the matter (category) of a new case.

`text` turns raw or pre-segmented text into tokens, `model` is the estimator,
`training` builds a versioned artifact with its metrics, `serving` loads it once per
process, `evaluation` scores a labeled CSV. `hotline.intake.suggest` is the entry point
for intake.
"""
