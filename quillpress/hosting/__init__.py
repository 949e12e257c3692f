"""Publishing on a host's own build service: the files `init --ci HOST` writes."""
