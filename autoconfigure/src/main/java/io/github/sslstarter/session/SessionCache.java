package io.github.sslstarter.session;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;

/**
 * The TLS session caches of one context (IO::Socket::SSL's {@code SSL_session_cache}): the
 * client side, where JSSE keys sessions by the peer's host and port and resumes them by itself,
 * and the server side. Each context owns its own {@link SSLContext} and therefore its own two
 * caches: a session made under one context's verification settings is never offered or accepted
 * by another context. That separation is what OpenSSL's {@code SSL_session_id_context} gives a
 * server; JSSE has no such setting, so there is none here either.
 * <p>
 * Hits and misses are counted from the handshakes the context's factories run. Evictions are
 * not reported by JSSE; they are counted from what this cache observes: a session seen in the
 * cache (after its handshake, or in an earlier {@link #statistics(SessionSide)} call) that is
 * gone before its timeout without having been invalidated here. That includes sessions the JDK
 * dropped for a full cache and sessions invalidated by a fatal alert or by the application.
 */
public final class SessionCache {

	// the fewest sessions recorded between two sweeps of record(), whatever the cache's limit
	private static final int MINIMUM_SWEEP = 1024;

	private final String name;

	private final Map<SessionSide, Side> sides = new EnumMap<>(SessionSide.class);

	/** The caches of {@code context}, the context named {@code name}. */
	public SessionCache(String name, SSLContext context) {
		this(name, context, MINIMUM_SWEEP);
	}

	SessionCache(String name, SSLContext context, int minimumSweep) {
		this.name = name;
		this.sides.put(SessionSide.CLIENT, new Side(context.getClientSessionContext(), minimumSweep));
		this.sides.put(SessionSide.SERVER, new Side(context.getServerSessionContext(), minimumSweep));
	}

	/** The context's name. */
	public String name() {
		return this.name;
	}

	/**
	 * Records a successful handshake of one of the context's sockets; the factories call it.
	 * @param socket the socket whose handshake completed
	 * @param side which side of the connection this context was
	 * @param resumed whether the handshake resumed an earlier session
	 */
	public void record(SSLSocket socket, SessionSide side, boolean resumed) {
		this.sides.get(side).record(socket, resumed);
	}

	/** The statistics of one side, with the current size counted now. */
	public SessionStatistics statistics(SessionSide side) {
		return this.sides.get(side).statistics();
	}

	/** How many sessions that side holds now. */
	public int size(SessionSide side) {
		return this.sides.get(side).sweep();
	}

	/**
	 * The handshakes of that side that resumed a session, as in {@link #statistics}, without
	 * looking at the cache: {@link #statistics} and {@link #size} go through every cached session.
	 */
	public long hits(SessionSide side) {
		return this.sides.get(side).hits.sum();
	}

	/** The handshakes of that side that completed in full, as {@link #hits} does without looking at the cache. */
	public long misses(SessionSide side) {
		return this.sides.get(side).misses.sum();
	}

	/** The sessions of that side invalidated here, as {@link #hits} does without looking at the cache. */
	public long invalidations(SessionSide side) {
		return this.sides.get(side).invalidations.sum();
	}

	/** How often that side's cache was gone through (for tests). */
	long sweeps(SessionSide side) {
		return this.sides.get(side).sweeps.sum();
	}

	/** How many sessions that side may hold (0: no limit). */
	public int maximumSize(SessionSide side) {
		return this.sides.get(side).sessions.getSessionCacheSize();
	}

	/** How long a session of that side may be resumed after it was made (zero: no limit). */
	public Duration timeout(SessionSide side) {
		return Duration.ofSeconds(this.sides.get(side).sessions.getSessionTimeout());
	}

	/**
	 * Forgets the client sessions with that peer (with the JDK's provider; Conscrypt's cache
	 * refuses with an {@link UnsupportedOperationException}), so the next connection to it makes a full
	 * handshake; the host is compared as given to the factory, ignoring case.
	 * @return how many sessions were invalidated
	 */
	public int invalidate(String host, int port) {
		return this.sides.get(SessionSide.CLIENT)
			.invalidate((session) -> session.getPeerPort() == port && host.equalsIgnoreCase(session.getPeerHost()));
	}

	/**
	 * Forgets every session of both sides (for example after the trust material changed).
	 * @return how many sessions were invalidated
	 */
	public int invalidateAll() {
		int count = 0;
		for (Side side : this.sides.values()) {
			count += side.invalidate((session) -> true);
		}
		return count;
	}

	@Override
	public String toString() {
		return "SessionCache[" + this.name + ", client=" + statistics(SessionSide.CLIENT) + ", server="
				+ statistics(SessionSide.SERVER) + "]";
	}

	/** One side's JSSE cache and what was counted about it. */
	private static final class Side {

		private final SSLSessionContext sessions;

		private final LongAdder hits = new LongAdder();

		private final LongAdder misses = new LongAdder();

		private final LongAdder evictions = new LongAdder();

		private final LongAdder invalidations = new LongAdder();

		private final LongAdder sweeps = new LongAdder();

		/** Sessions known to have been in the cache, with their creation time. */
		private final Map<ByteBuffer, Long> seen = new ConcurrentHashMap<>();

		private final int minimumSweep;

		// the sessions present at the last sweep
		private volatile int swept;

		Side(SSLSessionContext sessions, int minimumSweep) {
			this.sessions = sessions;
			this.minimumSweep = minimumSweep;
		}

		void record(SSLSocket socket, boolean resumed) {
			if (resumed) {
				this.hits.increment();
				return;
			}
			this.misses.increment();
			if (this.sessions == null) {
				return;
			}
			SSLSession session = socket.getSession();
			byte[] id = session.getId();
			// only what is really in the cache can later be evicted from it
			if (id != null && id.length > 0 && this.sessions.getSession(id) != null) {
				this.seen.put(ByteBuffer.wrap(id.clone()), session.getCreationTime());
			}
			// amortized: a sweep goes through every session, so the next one waits for as many new
			// ones, also when the cache has no limit (size 0) and holds more than the minimum
			int limit = this.sessions.getSessionCacheSize();
			if (this.seen.size() > 2 * Math.max(Math.max(limit, this.swept), this.minimumSweep)) {
				sweep();
			}
		}

		SessionStatistics statistics() {
			int size = sweep();
			return new SessionStatistics(this.hits.sum(), this.misses.sum(), size, this.evictions.sum(),
					this.invalidations.sum());
		}

		/** Counts the sessions gone since the last look, and returns the current size. */
		synchronized int sweep() {
			if (this.sessions == null) {
				return 0;
			}
			this.sweeps.increment();
			Set<ByteBuffer> present = new HashSet<>();
			Enumeration<byte[]> ids = this.sessions.getIds();
			while (ids.hasMoreElements()) {
				byte[] id = ids.nextElement();
				ByteBuffer key = ByteBuffer.wrap(id);
				present.add(key);
				if (!this.seen.containsKey(key)) {
					SSLSession session = this.sessions.getSession(id);
					if (session != null) {
						this.seen.put(key, session.getCreationTime());
					}
				}
			}
			long now = System.currentTimeMillis();
			long timeout = this.sessions.getSessionTimeout() * 1000L;
			this.seen.entrySet().removeIf((entry) -> {
				// recorded after the enumeration above: still there
				if (present.contains(entry.getKey()) || this.sessions.getSession(entry.getKey().array()) != null) {
					return false;
				}
				boolean expired = timeout > 0 && entry.getValue() + timeout <= now;
				if (!expired) {
					this.evictions.increment();
				}
				return true;
			});
			this.swept = present.size();
			return present.size();
		}

		synchronized int invalidate(java.util.function.Predicate<SSLSession> matches) {
			if (this.sessions == null) {
				return 0;
			}
			int count = 0;
			Enumeration<byte[]> ids = this.sessions.getIds();
			while (ids.hasMoreElements()) {
				byte[] id = ids.nextElement();
				SSLSession session = this.sessions.getSession(id);
				if (session != null && matches.test(session)) {
					try {
						session.invalidate();
					}
					catch (UnsupportedOperationException ex) {
						// Conscrypt's cached sessions cannot be invalidated one by one
						throw new UnsupportedOperationException(
								"the TLS provider's session cache cannot invalidate cached sessions", ex);
					}
					this.seen.remove(ByteBuffer.wrap(id));
					this.invalidations.increment();
					count++;
				}
			}
			return count;
		}

	}

}
