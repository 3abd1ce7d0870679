package io.github.sslstarter.session;

/**
 * A snapshot of one side of a context's session cache.
 *
 * @param hits handshakes that resumed a cached session
 * @param misses handshakes that completed in full (nothing to resume, or the peer declined)
 * @param size sessions in the cache now
 * @param evictions sessions seen in the cache that left it before their timeout without being
 * invalidated: dropped because the cache was full (JSSE does not report evictions, so they are
 * counted from what this cache observed; see {@link SessionCache})
 * @param invalidations sessions removed through {@link SessionCache#invalidate} or
 * {@link SessionCache#invalidateAll}
 */
public record SessionStatistics(long hits, long misses, int size, long evictions, long invalidations) {

	/** Hits over all handshakes, or 0 when there were none. */
	public double hitRatio() {
		long total = this.hits + this.misses;
		return (total == 0) ? 0 : (double) this.hits / total;
	}

}
