package io.github.sslstarter.benchmarks.growth;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.session.SessionCache;
import io.github.sslstarter.session.SessionSide;
import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.test.TestCertificate;

import static io.github.sslstarter.benchmarks.growth.Support.kib;
import static io.github.sslstarter.benchmarks.growth.Support.log;
import static io.github.sslstarter.benchmarks.growth.Support.median;
import static io.github.sslstarter.benchmarks.growth.Support.millis;
import static io.github.sslstarter.benchmarks.growth.Support.num;

/**
 * Handshake rate, heap and bookkeeping cost of one context whose client session cache holds 1,
 * 1,000 or 100,000 sessions. One application with one context per level (all with the same
 * {@code session-cache.size}, so that only the content differs), filled by real full TLS 1.2
 * handshakes (RSA-2048 or ECDSA P-256 certificates) against one {@code openssl s_server -no_ticket}, each under a session
 * key of its own: {@code upgrade(plain, "k<i>.growth.test", port, true)} on a connection to the
 * server, whose certificate covers {@code *.growth.test}. (JSSE keys client sessions by host and
 * the connected socket's port; the port given to a layered {@code createSocket} is not used.)
 */
final class SessionGrowth {

	// the server's certificate covers *.growth.test: every connection may verify a host name of its own
	private static final String KEY_DOMAIN = ".growth.test";

	private final Path dir;

	private final List<Integer> levels;

	private final int rounds;

	private final double seconds;

	private final double fillSeconds;

	private final int fillThreads;

	private final boolean rsa;

	SessionGrowth(Path dir, List<Integer> levels, int rounds, double seconds, double fillSeconds, int fillThreads,
			boolean rsa) {
		this.rsa = rsa;
		this.dir = dir;
		this.levels = levels;
		this.rounds = rounds;
		this.seconds = seconds;
		this.fillSeconds = fillSeconds;
		this.fillThreads = fillThreads;
	}

	/** One level's context and what was measured of it. */
	private static final class Level {

		final int target;

		final String name;

		SslSocketFactory factory;

		SessionCache cache;

		SSLSessionContext sessions;

		final AtomicInteger nextKey = new AtomicInteger(1);

		int filled;

		double fillSeconds;

		long fillErrors;

		long heapBytes;

		long fillMaxNanos;

		double fillP999Nanos;

		final List<Double> full = new ArrayList<>();

		final List<Double> resumed = new ArrayList<>();

		long resumedHits;

		long resumedTotal;

		Level(int target) {
			this.target = target;
			this.name = "cache-" + target;
		}

		/** The next session key no connection of this context used yet. */
		/** A host name no connection of this context used yet: a session key of its own. */
		String key() {
			return "k" + this.nextKey.getAndIncrement() + KEY_DOMAIN;
		}

	}

	String run() throws Exception {
		long started = System.nanoTime();
		KeyType key = this.rsa ? KeyType.RSA_2048 : KeyType.EC_P256;
		TestCertificate ca = TestCertificate.builder()
			.commonName("Growth Sessions CA")
			.certificateAuthority(0)
			.keyType(key)
			.build();
		ca.writeCertificate(this.dir.resolve("sessions-ca.pem"));
		TestCertificate.builder()
			.keyType(key)
			.commonName("localhost")
			.dnsNames("localhost", "*" + KEY_DOMAIN)
			.ipAddresses("127.0.0.1")
			.signedBy(ca)
			.build()
			.writeTo(this.dir, "sessions-server");
		int port = Support.opensslServer(List.of("-cert", this.dir.resolve("sessions-server.pem").toString(), "-key",
				this.dir.resolve("sessions-server-key.pem").toString(), "-www", "-tls1_2", "-no_ticket"));
		// s_server serves one connection at a time, the client's think time included: one per fill thread
		int[] fillPorts = new int[this.fillThreads];
		for (int i = 0; i < fillPorts.length; i++) {
			fillPorts[i] = (i == 0) ? port : Support.opensslServer(List.of("-cert", this.dir.resolve("sessions-server.pem").toString(),
					"-key", this.dir.resolve("sessions-server-key.pem").toString(), "-www", "-tls1_2", "-no_ticket"));
		}
		int max = this.levels.stream().mapToInt(Integer::intValue).max().orElse(1);
		// room for the sessions the full-handshake cells add (they are invalidated after each cell)
		int size = max + 10_000;
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("ssl.trust.system-defaults", "false");
		properties.put("ssl.trust.ca-file", this.dir.resolve("sessions-ca.pem").toString());
		properties.put("ssl.protocols", "TLSv1.2");
		List<Level> levels = new ArrayList<>();
		for (int target : this.levels) {
			Level level = new Level(target);
			properties.put("ssl.contexts." + level.name + ".session-cache.size", String.valueOf(size));
			levels.add(level);
		}
		try (App app = App.start(properties)) {
			for (Level level : levels) {
				level.factory = app.contexts().socketFactory(level.name);
				level.cache = level.factory.contextFactory().sessionCache();
				level.sessions = level.factory.contextFactory().sslContext().getClientSessionContext();
			}
			double budget = this.fillSeconds;
			for (Level level : levels) {
				long before = Support.usedHeap();
				fill(level, fillPorts, budget);
				level.heapBytes = Support.usedHeap() - before;
				budget = Math.max(5, budget - level.fillSeconds);
				log("sessions: " + level.name + " holds " + level.cache.size(SessionSide.CLIENT) + " sessions, filled in "
						+ num(level.fillSeconds) + " s, " + level.heapBytes / 1024 + " KiB");
			}
			double warm = Math.min(1.0, this.seconds);
			for (Level level : levels) {
				resumedCell(level, port, warm, false);
				fullCell(level, port, warm, null);
			}
			for (int round = 0; round < this.rounds; round++) {
				log("sessions: round " + (round + 1) + " of " + this.rounds + ", load " + Support.load());
				for (String mode : List.of("full", "resumed")) {
					for (int i = 0; i < levels.size(); i++) {
						Level level = levels.get((i + round) % levels.size());
						if (mode.equals("full")) {
							level.full.add(fullCell(level, port, this.seconds, null));
						}
						else {
							level.resumed.add(resumedCell(level, port, this.seconds, true));
						}
					}
				}
			}
			Map<String, long[]> costs = new LinkedHashMap<>();
			for (Level level : levels) {
				costs.put(level.name + " statistics", time(() -> level.cache.statistics(SessionSide.CLIENT)));
				costs.put(level.name + " size", time(() -> level.cache.size(SessionSide.CLIENT)));
				costs.put(level.name + " invalidate", time(() -> level.cache.invalidate("no-such-host.example", 1)));
				List<Meter> meters = sessionMeters(app.registry(), level.name);
				costs.put(level.name + " scrape", time(() -> meters.forEach((meter) -> meter.measure().forEach((m) -> m.getValue()))));
				costs.put(level.name + " meters", new long[] { meters.size() });
			}
			// at the limit: the largest cache made full, so that every new session evicts one
			Level largest = levels.get(levels.size() - 1);
			int current = largest.cache.size(SessionSide.CLIENT);
			largest.sessions.setSessionCacheSize(current);
			List<Long> atLimitLatencies = new ArrayList<>();
			double atLimit = fullCell(largest, port, Math.max(2, this.seconds), atLimitLatencies);
			int afterLimit = largest.cache.size(SessionSide.CLIENT);
			long evictions = largest.cache.statistics(SessionSide.CLIENT).evictions();
			// no limit (size 0, as -Djavax.net.ssl.sessionCacheSize=0 gives every context)
			largest.sessions.setSessionCacheSize(0);
			List<Long> unlimitedLatencies = new ArrayList<>();
			double unlimited = fullCell(largest, port, Math.max(2, this.seconds), unlimitedLatencies);
			largest.sessions.setSessionCacheSize(size);
			String report = report(levels, costs, size, current, atLimit, atLimitLatencies, afterLimit, evictions, started);
			long[] sorted = Support.sorted(unlimitedLatencies);
			return report.replace("\nThis part took", String.format(Locale.ROOT,
					"No limit: the same context's cache size then set to 0 (no limit; what `-Djavax.net.ssl.sessionCacheSize=0` "
							+ "gives every context), %,d sessions cached: full handshakes/s %s, handshake p50 / p99 / max %s / %s / %s.%n"
							+ "%nThis part took",
					afterLimit, num(unlimited), millis(Support.quantile(sorted, 0.5)), millis(Support.quantile(sorted, 0.99)),
					millis(Support.quantile(sorted, 1.0))));
		}
	}

	private String report(List<Level> levels, Map<String, long[]> costs, int size, int limit, double atLimit,
			List<Long> atLimitLatencies, int afterLimit, long evictions, long started) {
		StringBuilder out = new StringBuilder();
		out.append("## Cached sessions: ").append(ContextGrowth.list(this.levels)).append(" sessions in one context\n\n");
		out.append("One application with one context per level (`ssl.contexts.cache-<n>`, all with `session-cache.size: ")
			.append(size)
			.append("`: room for the largest level; the JDK's default is 20480), TLS 1.2, ")
			.append(this.rsa ? "RSA-2048 certificates (CA and server; a JDK 17 client verifies RSA signatures far faster than ECDSA P-256 ones, "
					+ "so that filling fits the time budget; `--sessions-key ec` for ECDSA P-256)" : "ECDSA P-256 certificates")
			.append(", ECDHE key exchange, against one `openssl s_server -www -tls1_2 -no_ticket` (its own ")
			.append("session cache on; the fill used one such server per fill thread). Each context's client cache was filled by real full handshakes, each under a session key of its own: ")
			.append("`upgrade(plain, \"k<i>.growth.test\", port, true)` on a connection to the server, whose certificate covers `*.growth.test` ")
			.append("(JSSE caches a client session under host and port, and takes the port from the connected socket, not from ")
			.append("`createSocket(plain, host, port, true)`: a made-up port gives no new key, a host name does), on ")
			.append(this.fillThreads)
			.append(" threads, bounded by a time budget. Resumed: `connect(\"localhost\", port)` again and again (the one cached session of that key). ")
			.append("Full: a fresh session key per connection, so the session is new and is added to the cache (these sessions are invalidated ")
			.append("after each cell, so the level stays). ")
			.append(String.format(Locale.ROOT, "%d interleaved rounds of %.1f s per cell after a warm-up pass; medians of the rounds.%n%n", this.rounds, this.seconds));
		out.append("| sessions cached | filled in | fill rate | heap per session | full handshakes/s | resumed handshakes/s | resumed hit ratio | worst fill handshake (p99.9 / max) |\n");
		out.append("|---|---|---|---|---|---|---|---|\n");
		for (Level level : levels) {
			out.append("| ").append(String.format(Locale.ROOT, "%,d", level.filled))
				.append((level.filled < level.target) ? String.format(Locale.ROOT, " (of %,d: time budget reached)", level.target) : "")
				.append(" | ").append(num(level.fillSeconds)).append(" s")
				.append((level.fillErrors > 0) ? " (" + level.fillErrors + " failed connections)" : "").append(" | ")
				.append(num(level.filled / Math.max(1e-9, level.fillSeconds))).append("/s | ")
				.append((level.filled >= 100) ? kib((double) level.heapBytes / level.filled) : "n/a (too few)")
				.append(" | ").append(num(median(level.full))).append(" | ").append(num(median(level.resumed))).append(" | ")
				.append((level.resumedTotal > 0)
						? String.format(Locale.ROOT, "%.2f %%", 100.0 * level.resumedHits / level.resumedTotal) : "n/a")
				.append(" | ").append(millis(level.fillP999Nanos)).append(" / ").append(millis(level.fillMaxNanos))
				.append(" |\n");
		}
		out.append("\nPer-round rates (handshakes/s): ");
		for (Level level : levels) {
			out.append(level.name).append(" full ").append(String.join(", ", level.full.stream().map(Support::num).toList()))
				.append("; resumed ").append(String.join(", ", level.resumed.stream().map(Support::num).toList())).append(". ");
		}
		out.append("\n\nBookkeeping of this project at each level, one call each (median / max of up to 20 calls, at most 5 s): ")
			.append("`SessionCache.statistics(CLIENT)` and `size(CLIENT)` (each sweeps every session id of the JDK cache), ")
			.append("`invalidate(host, port)` of a peer with no session (what every peer health check calls first: it also scans every id), ")
			.append("and a scrape of the context's `tls.session.cache.*` meters (`TlsSessionMetrics`: every meter of both sides read once, ")
			.append("as a registry scrape does).\n\n");
		out.append("| sessions cached | `statistics()` | `size()` | `invalidate(host, port)` | scrape of the context's session meters | meters |\n");
		out.append("|---|---|---|---|---|---|\n");
		for (Level level : levels) {
			out.append("| ").append(String.format(Locale.ROOT, "%,d", level.filled));
			for (String what : List.of("statistics", "size", "invalidate", "scrape")) {
				long[] t = costs.get(level.name + " " + what);
				out.append(" | ").append(millis(t[0])).append(" / ").append(millis(t[1]));
			}
			out.append(" | ").append(costs.get(level.name + " meters")[0]).append(" |\n");
		}
		long[] latencies = Support.sorted(atLimitLatencies);
		Level largest = levels.get(levels.size() - 1);
		out.append("\n`record()` (after every full handshake) sweeps only when the sessions it has seen exceed twice the largest of ")
			.append("the limit, the size at its last sweep and 1,024: a sweep costs what `size()` costs above, on the handshaking thread, ")
			.append("once per that many new sessions. With the limit above the content, as here, no fill handshake ran one; the ")
			.append("worst fill handshakes above are the machine's or the garbage collector's, not a sweep's.\n");
		out.append(String.format(Locale.ROOT,
				"%nAt the limit: the largest context's cache size set to the %,d sessions it held, so that every new session makes the JDK's "
						+ "`MemoryCache.put` evict (it first scans every entry for expired ones, then drops the eldest): full handshakes/s "
						+ "%s (%s below the limit, the median above), handshake p50 / p99 / max %s / %s / %s; the cache held %,d sessions "
						+ "afterwards, and `statistics().evictions()` counted %,d.%n%n",
				limit, num(atLimit), num(median(largest.full)), millis(Support.quantile(latencies, 0.5)),
				millis(Support.quantile(latencies, 0.99)), millis(Support.quantile(latencies, 1.0)), afterLimit,
				evictions));
		out.append(String.format(Locale.ROOT, "This part took %.0f s.%n%n", (System.nanoTime() - started) / 1e9));
		return out.toString();
	}

	/** Fills the level's cache by full handshakes under fresh session keys, within the time budget. */
	private void fill(Level level, int[] ports, double budgetSeconds) throws InterruptedException {
		int port = ports[0];
		long start = System.nanoTime();
		long deadline = start + (long) (budgetSeconds * 1e9);
		AtomicInteger made = new AtomicInteger();
		AtomicLong errors = new AtomicLong();
		AtomicLong worst = new AtomicLong();
		// key 0 (localhost and the server's own port) is the one the resumed cells use: its session first
		try {
			Support.request(level.factory.connect(Support.HOST, port));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot connect to the sessions' server", ex);
		}
		int wanted = level.target - 1;
		List<Thread> threads = new ArrayList<>();
		long[] latencies = new long[Math.max(0, wanted)];
		AtomicInteger recorded = new AtomicInteger();
		for (int t = 0; t < this.fillThreads; t++) {
			int fillPort = ports[t % ports.length];
			Thread thread = new Thread(() -> {
				while (System.nanoTime() < deadline && made.get() < wanted && errors.get() < 1000) {
					if (made.incrementAndGet() > wanted) {
						made.decrementAndGet();
						break;
					}
					String key = level.key();
					long t0 = System.nanoTime();
					try (Socket plain = new Socket()) {
						plain.setTcpNoDelay(true);
						plain.connect(new InetSocketAddress("127.0.0.1", fillPort), 10_000);
						SSLSocket socket = level.factory.upgrade(plain, key, fillPort, true);
						socket.close();
					}
					catch (IOException ex) {
						made.decrementAndGet();
						if (errors.incrementAndGet() == 1) {
							log("sessions: fill connection failed: " + ex);
						}
						continue;
					}
					long took = System.nanoTime() - t0;
					worst.accumulateAndGet(took, Math::max);
					int slot = recorded.getAndIncrement();
					if (slot < latencies.length) {
						latencies[slot] = took;
					}
				}
			}, "growth-fill-" + t);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		level.fillSeconds = (System.nanoTime() - start) / 1e9;
		level.filled = level.cache.size(SessionSide.CLIENT);
		level.fillErrors = errors.get();
		level.fillMaxNanos = worst.get();
		long[] sorted = java.util.Arrays.copyOf(latencies, Math.min(latencies.length, recorded.get()));
		java.util.Arrays.sort(sorted);
		level.fillP999Nanos = Support.quantile(sorted, 0.999);
	}

	private double resumedCell(Level level, int port, double seconds, boolean count) {
		long start = System.nanoTime();
		long deadline = start + (long) (seconds * 1e9);
		long done = 0;
		int errors = 0;
		while (System.nanoTime() < deadline && done < 1_000_000 && errors < 100) {
			try {
				SSLSocket socket = level.factory.connect(Support.HOST, port);
				if (count) {
					level.resumedTotal++;
					if (level.factory.reused(socket)) {
						level.resumedHits++;
					}
				}
				Support.request(socket);
				done++;
			}
			catch (IOException ex) {
				errors++;
			}
		}
		return done / ((System.nanoTime() - start) / 1e9);
	}

	/** Full handshakes under fresh keys; each new session is invalidated at the end (unless at the limit). */
	private double fullCell(Level level, int port, double seconds, List<Long> latencies) {
		long start = System.nanoTime();
		long deadline = start + (long) (seconds * 1e9);
		long done = 0;
		int errors = 0;
		List<SSLSession> made = new ArrayList<>();
		while (System.nanoTime() < deadline && done < 1_000_000 && errors < 100) {
			String key = level.key();
			long t0 = System.nanoTime();
			try {
				Socket plain = new Socket();
				plain.setTcpNoDelay(true);
				plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
				SSLSocket socket = level.factory.upgrade(plain, key, port, true);
				made.add(socket.getSession());
				Support.request(socket);
				done++;
				if (latencies != null) {
					latencies.add(System.nanoTime() - t0);
				}
			}
			catch (IOException ex) {
				errors++;
			}
		}
		double rate = done / ((System.nanoTime() - start) / 1e9);
		if (latencies == null) {
			made.forEach(SSLSession::invalidate);
		}
		return rate;
	}

	/** Median and maximum time of up to 20 calls, at most 5 s. */
	private static long[] time(Runnable call) {
		List<Long> times = new ArrayList<>();
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (times.size() < 20 && System.nanoTime() < deadline) {
			long t0 = System.nanoTime();
			call.run();
			times.add(System.nanoTime() - t0);
		}
		long[] sorted = Support.sorted(times);
		return new long[] { (long) Support.quantile(sorted, 0.5), sorted[sorted.length - 1] };
	}

	private static List<Meter> sessionMeters(MeterRegistry registry, String context) {
		return registry.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith("tls.session.cache.")
					&& context.equals(meter.getId().getTag("context")))
			.toList();
	}

}
