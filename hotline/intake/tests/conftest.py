import pytest

from hotline.intake.classifier import serving, training

SAMPLE = 500  # shared rows used in tests: enough for every class, fast to fit


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory):
    """A small model trained once per test session (shared data subsample only)."""
    base = tmp_path_factory.mktemp("classifier")
    training.train(limit=SAMPLE, include_platform=False, folds=3, base=base, log=lambda *_: None)
    return base


@pytest.fixture
def served(model_dir, settings):
    settings.HOTLINE_CLASSIFIER_DIR = str(model_dir)
    serving.forget()
    yield model_dir
    serving.forget()
