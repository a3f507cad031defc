"""Samordna's server-rendered web frontend: talks to the backend only through its REST API."""
