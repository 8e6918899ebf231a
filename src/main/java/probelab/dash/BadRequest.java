package probelab.dash;

/** A request the dashboard refuses, with the HTTP status to answer and a message naming what was expected. */
final class BadRequest extends RuntimeException {
    final int status;

    BadRequest(int status, String message) {
        super(message);
        this.status = status;
    }
}
