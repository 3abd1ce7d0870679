package io.github.sslstarter.session;

/** Which of a context's two session caches: the one for connections it opens, or accepts. */
public enum SessionSide {

	/** Sessions of connections this context opened (keyed by the peer's host and port). */
	CLIENT,

	/** Sessions of connections this context accepted (keyed by session id). */
	SERVER;

	/** The lower-case name, as used in metric tags. */
	public String tag() {
		return (this == CLIENT) ? "client" : "server";
	}

}
