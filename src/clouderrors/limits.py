"""Bounds on the work clouderrors does for one response; each may be set by a program:

    import clouderrors.limits
    clouderrors.limits.ERROR_BODY_SECONDS = 2.5

ERROR_BODY_SECONDS: how long reading an error body from a stream may take in all (a streamed
response, or a response hook that reads the body itself), in seconds. A server that trickles
its body holds `raise_for_error` no longer than this, plus at most one read of the client's own
read timeout (the time is checked between reads). A body cut short keeps what arrived: the
code, when it arrived whole, gives the error's class, else the status does.
"""

ERROR_BODY_SECONDS: float = 10.0
