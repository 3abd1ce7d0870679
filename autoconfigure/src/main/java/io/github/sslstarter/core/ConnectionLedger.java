package io.github.sslstarter.core;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

/**
 * What one context knows about each of its connections, in one place. A connection is a socket
 * or an engine of the context; its entry says
 * <ul>
 * <li>the name its peer's certificate must be valid for, when one was given for that connection
 * ({@link #verifyName(Object, String)}; otherwise the context's {@code verify.name}, then the host: see
 * {@link io.github.sslstarter.verify.VerifyName});</li>
 * <li>whether the latest handshake verified the peer, and against which name;</li>
 * <li>whether the server asked for a client certificate this context does not have;</li>
 * <li>whether the handshake resumed a session;</li>
 * <li>how the handshake failed, classified.</li>
 * </ul>
 * The context's key manager and trust manager write to it during the handshake; the factories,
 * the handshake runner and the peer health checks read it. Entries are held weakly by the
 * identity of the JDK's (and Conscrypt's) socket and engine classes, which do not override
 * {@code equals}: a connection nobody holds any more is forgotten with it. Every method takes
 * the socket or engine a factory returned as well as the JSSE one behind it (which is what the
 * trust and key managers are given).
 */
public final class ConnectionLedger {

	private final String context;

	private final Map<Object, Entry> entries = Collections.synchronizedMap(new WeakHashMap<>());

	/** An empty ledger for the connections of the context named {@code context}. */
	public ConnectionLedger(String context) {
		this.context = context;
	}

	/**
	 * Sets the name the peer of that connection must be verified against (a name given for one
	 * connection, which beats the context's {@code verify.name}); call it before the handshake.
	 * @param connection an {@link SSLSocket} or {@link SSLEngine} of this context
	 * @param name the name, or {@code null} for the context's rule
	 */
	public void verifyName(Object connection, String name) {
		entry(connection).verifyName = name;
	}

	/** The name given for that connection with {@link #verifyName(Object, String)}, or {@code null}. */
	public String verifyName(Object connection) {
		Entry entry = find(connection);
		return (entry != null) ? entry.verifyName : null;
	}

	/**
	 * Whether the latest handshake of that connection checked the peer's certificate chain (and,
	 * for a server certificate, its name). A resumed handshake checks none.
	 */
	public boolean verified(Object connection) {
		Entry entry = find(connection);
		return entry != null && entry.verified;
	}

	/**
	 * The name the peer's certificate was verified against in the latest handshake, or
	 * {@code null} when no name was checked (a client certificate, scheme {@code none}, or no
	 * verification at all).
	 */
	public String verifiedName(Object connection) {
		Entry entry = find(connection);
		return (entry != null) ? entry.verifiedName : null;
	}

	/** Whether the server of that client connection asked for a certificate this context lacks. */
	public boolean certificateRequestedButMissing(Object connection) {
		Entry entry = find(connection);
		return entry != null && entry.certificateRequestedButMissing;
	}

	/**
	 * Whether that connection's handshake resumed an earlier session (IO::Socket::SSL's
	 * {@code get_session_reused}).
	 * @throws IllegalArgumentException when its handshake was not run by this context's factories
	 * (for example a socket from {@code createSocket()} that started its handshake on first use)
	 */
	public boolean resumed(Object connection) {
		Entry entry = find(connection);
		if (entry == null || entry.resumed == null) {
			throw new IllegalArgumentException("the handshake of " + connection
					+ " was not run by the factories of TLS context '" + this.context + "'");
		}
		return entry.resumed;
	}

	/** How that connection last failed (its handshake, or a first read), classified; or {@code null}. */
	public TlsFailure failure(Object connection) {
		Entry entry = find(connection);
		return (entry != null) ? entry.failure : null;
	}

	/**
	 * The peer of that connection as {@code host:port}, with the host as the caller named it
	 * (not the address it resolved to), or {@code null} when its handshake was not run here.
	 */
	public String peer(Object connection) {
		Entry entry = find(connection);
		return (entry != null) ? entry.peer : null;
	}

	/**
	 * Forgets what an earlier handshake of that connection left, keeping its verify name.
	 * @param peer the peer as {@code host:port}, as the caller named it
	 */
	void beginHandshake(Object connection, String peer) {
		Entry entry = entry(connection);
		synchronized (entry) {
			entry.peer = peer;
			entry.verified = false;
			entry.verifiedName = null;
			entry.certificateRequestedButMissing = false;
			entry.resumed = null;
			entry.failure = null;
			entry.offeredAnotherSession = false;
		}
	}

	/** The trust manager checked the peer, and its name against {@code name} (null: no name). */
	void peerVerified(Object connection, String name) {
		if (connection != null) {
			Entry entry = entry(connection);
			entry.verifiedName = name;
			entry.verified = true;
		}
	}

	/** A name check done after a resumed handshake, which runs no trust manager. */
	void resumedNameVerified(Object connection, String name) {
		entry(connection).verifiedName = name;
	}

	/** The key manager was asked for a client certificate and had none. */
	void certificateRequestedButMissing(Object connection, boolean missing) {
		if (connection != null && missing) {
			entry(connection).certificateRequestedButMissing = true;
		}
	}

	/** JSSE offered a cached session of another name in this handshake (and sent that name). */
	void anotherSessionOffered(Object connection) {
		if (connection != null) {
			entry(connection).offeredAnotherSession = true;
		}
	}

	boolean offeredAnotherSession(Object connection) {
		Entry entry = find(connection);
		return entry != null && entry.offeredAnotherSession;
	}

	void handshakeDone(Object connection, boolean resumed) {
		entry(connection).resumed = resumed;
	}

	void failed(Object connection, TlsFailure failure) {
		entry(connection).failure = failure;
	}

	private Entry find(Object connection) {
		return (connection != null) ? this.entries.get(identity(connection)) : null;
	}

	private Entry entry(Object connection) {
		return this.entries.computeIfAbsent(identity(connection), (key) -> new Entry());
	}

	/**
	 * The connection as JSSE knows it, and as the trust and key managers see it: the socket or
	 * engine behind one that the factories return.
	 */
	static Object identity(Object connection) {
		if (connection instanceof ClassifyingSocket socket) {
			return socket.delegate();
		}
		if (connection instanceof ClassifyingEngine engine) {
			return engine.delegate();
		}
		return connection;
	}

	/** How many connections the ledger holds now (those not yet collected). */
	int size() {
		return this.entries.size();
	}

	/** One connection's facts; written by the handshaking thread, read by any. */
	private static final class Entry {

		volatile String verifyName;

		volatile String peer;

		volatile boolean verified;

		volatile String verifiedName;

		volatile boolean certificateRequestedButMissing;

		volatile Boolean resumed;

		volatile TlsFailure failure;

		volatile boolean offeredAnotherSession;

	}

}
