"""hotline: the platform behind a city's unified government service line (12345)."""
