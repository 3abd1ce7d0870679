package io.github.sslstarter.benchmarks.growth;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.health.contributor.HealthIndicator;

import io.github.sslstarter.actuate.TlsPeer;
import io.github.sslstarter.actuate.TlsPeerChecks;
import io.github.sslstarter.actuate.TlsPeerHealthContributor;
import io.github.sslstarter.actuate.TlsPeerHealthProperties;
import io.github.sslstarter.actuate.TlsPeerResult;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;

import static io.github.sslstarter.benchmarks.growth.Support.kib;
import static io.github.sslstarter.benchmarks.growth.Support.log;
import static io.github.sslstarter.benchmarks.growth.Support.micros;
import static io.github.sslstarter.benchmarks.growth.Support.millis;
import static io.github.sslstarter.benchmarks.growth.Support.num;

/**
 * The cost of {@code ssl.health.peers} with 10, 100 and 1,000 peers: each a distinct port of
 * in-process JSSE servers ({@link CountingServers}), configured by properties, the checks at the
 * default {@code threads} and a given {@code cache-ttl}, the contributor {@code /actuator/health}
 * calls, all built by the starter's auto-configuration.
 */
final class PeerHealthGrowth {

	private final Path dir;

	private final List<Integer> counts;

	private final List<Duration> cacheTtls;

	private final double cacheSeconds;

	PeerHealthGrowth(Path dir, List<Integer> counts, List<Duration> cacheTtls, double cacheSeconds) {
		this.dir = dir;
		this.counts = counts;
		this.cacheTtls = cacheTtls;
		this.cacheSeconds = cacheSeconds;
	}

	/** What one count measured. */
	private static final class Row {

		int peers;

		int threads;

		double startupRoundMillis;

		int startupPeak;

		long startupHandshakes;

		int failedResults;

		double roundMillis;

		int roundPeak;

		long roundHandshakes;

		double roundCpuMillis;

		double roundCheckThreadCpuMillis;

		long heapBytes;

		long[] healthDuringRound;

		long[] healthFromCache;

		long cacheSweeps;

		long handshakesDuringCache;

		double cacheWindowSeconds;

		boolean cacheWindowInsideTtl;

		Duration cacheTtl;

		int rechecked;

		double startupCheckThreadCpuMillis;

		double minGapMillis;

		double readerWallMillis;

		double readerCpuMillis;

		long readerBlocked;

		long readerBlockedMillis;

		long readerWaited;

		long readerWaitedMillis;

	}

	String run() throws Exception {
		long started = System.nanoTime();
		TestCertificate ca = TestCertificate.authority("Growth Peers CA");
		ca.writeCertificate(this.dir.resolve("peers-ca.pem"));
		TestCertificate server = TestCertificate.builder().localhost().signedBy(ca).build();
		int max = this.counts.stream().mapToInt(Integer::intValue).max().orElse(1);
		List<Row> rows = new ArrayList<>();
		try (CountingServers servers = new CountingServers(TestSslContexts.server(server), max)) {
			Map<String, Object> base = new LinkedHashMap<>();
			base.put("ssl.trust.system-defaults", "false");
			base.put("ssl.trust.ca-file", this.dir.resolve("peers-ca.pem").toString());
			// what a further application without peers costs: the second one started
			App empty1 = App.start(base);
			long before = Support.usedHeap();
			App empty2 = App.start(base);
			long appOverhead = Support.usedHeap() - before;
			empty2.close();
			empty1.close();
			for (int i = 0; i < this.counts.size(); i++) {
				Duration ttl = this.cacheTtls.get(Math.min(i, this.cacheTtls.size() - 1));
				rows.add(measure(servers, base, this.counts.get(i), ttl, appOverhead));
			}
		}
		return report(rows, started);
	}

	private Row measure(CountingServers servers, Map<String, Object> base, int count, Duration cacheTtl,
			long appOverhead) throws Exception {
		Row row = new Row();
		row.peers = count;
		row.cacheTtl = cacheTtl;
		Map<String, Object> properties = new LinkedHashMap<>(base);
		properties.put("ssl.health.cache-ttl", cacheTtl.toMillis() + "ms");
		for (int i = 0; i < count; i++) {
			properties.put("ssl.health.peers[" + i + "].host", "127.0.0.1");
			properties.put("ssl.health.peers[" + i + "].port", String.valueOf(servers.ports().get(i)));
		}
		long heapBefore = Support.usedHeap();
		servers.resetPeak();
		long handshakesBefore = servers.handshakes();
		long appStarted = System.nanoTime();
		try (App app = App.start(properties)) {
			TlsPeerChecks checks = app.bean(TlsPeerChecks.class);
			TlsPeerHealthContributor contributor = app.bean(TlsPeerHealthContributor.class);
			row.threads = app.bean(TlsPeerHealthProperties.class).threads();
			List<String> names = checks.peers().stream().map(TlsPeer::name).toList();
			List<HealthIndicator> indicators = names.stream()
				.map((name) -> (HealthIndicator) contributor.getContributor(name))
				.toList();
			// the start-up round: the lifecycle checks every peer at once
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			while (names.stream().anyMatch((name) -> checks.last(name) == null) && System.nanoTime() < deadline) {
				Support.sleep(5);
			}
			Instant first = Instant.MAX;
			Instant last = Instant.MIN;
			for (String name : names) {
				TlsPeerResult result = checks.last(name);
				if (result == null || !result.succeeded()) {
					row.failedResults++;
					if (row.failedResults == 1) {
						log("peers: a check failed: " + result);
					}
				}
				if (result != null) {
					first = result.checkedAt().isBefore(first) ? result.checkedAt() : first;
					Instant end = result.checkedAt().plus(result.checkTime());
					last = end.isAfter(last) ? end : last;
				}
			}
			Map<String, Instant> startupEnds = new LinkedHashMap<>();
			names.forEach((name) -> startupEnds.put(name, checks.last(name).checkedAt().plus(checks.last(name).checkTime())));
			row.startupRoundMillis = Duration.between(first, last).toNanos() / 1e6;
			row.startupPeak = servers.peak();
			row.startupHandshakes = servers.handshakes() - handshakesBefore;
			// the pool's threads were made for this application: their CPU so far is the start-up round's
			row.startupCheckThreadCpuMillis = checkThreadCpu() / 1e6;
			row.heapBytes = Support.usedHeap() - heapBefore - appOverhead;

			// from the cache: within one cache-ttl of the start-up round, the same reads; no handshake may reach a server
			long handshakesBeforeCache = servers.handshakes();
			List<Long> cached = new ArrayList<>();
			long c0 = System.nanoTime();
			long cacheEnd = c0 + (long) (this.cacheSeconds * 1e9);
			while (System.nanoTime() < cacheEnd && cached.size() < 1_000_000) {
				cached.add(sweep(indicators));
			}
			row.cacheWindowSeconds = (System.nanoTime() - c0) / 1e9;
			row.handshakesDuringCache = servers.handshakes() - handshakesBeforeCache;
			row.cacheSweeps = cached.size();
			row.healthFromCache = summary(cached);
			Instant earliestRecheck = startupEnds.values().stream().min(Instant::compareTo).orElseThrow().plus(cacheTtl);
			row.cacheWindowInsideTtl = Instant.now().isBefore(earliestRecheck);
			if (!row.cacheWindowInsideTtl) {
				log("peers: the from-cache window reached the cache-ttl; raise --cache-ttl");
			}

			// the background re-check round, each peer cache-ttl after its previous check ended; the
			// contributor is read all the while on this thread, the sweeps while the round runs kept apart
			servers.resetPeak();
			long handshakesBeforeRecheck = servers.handshakes();
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			if (threads.isThreadContentionMonitoringSupported()) {
				threads.setThreadContentionMonitoringEnabled(true);
			}
			long reader = Thread.currentThread().getId();
			ThreadInfo readerBefore = threads.getThreadInfo(reader);
			long readerCpu0 = threads.getCurrentThreadCpuTime();
			long cpu0 = Support.processCpu();
			long threadCpu0 = checkThreadCpu();
			long w0 = System.nanoTime();
			List<Long> during = new ArrayList<>();
			long recheckDeadline = System.nanoTime() + cacheTtl.toNanos() + TimeUnit.SECONDS.toNanos(60);
			int done = 0;
			for (long i = 0; System.nanoTime() < recheckDeadline && i < 10_000_000; i++) {
				long took = sweep(indicators);
				long handshakes = servers.handshakes() - handshakesBeforeRecheck;
				if (handshakes > 0) {
					during.add(took);
				}
				else if (cached.size() < 1_000_000) {
					cached.add(took);
				}
				if (handshakes >= count && (i % 16 == 0)) {
					done = (int) names.stream().filter((name) -> checks.last(name).checkedAt().isAfter(startupEnds.get(name))).count();
					if (done == count) {
						break;
					}
				}
			}
			ThreadInfo readerAfter = threads.getThreadInfo(reader);
			double readerCpu = (threads.getCurrentThreadCpuTime() - readerCpu0);
			row.readerWallMillis = (System.nanoTime() - w0) / 1e6;
			row.readerCpuMillis = readerCpu / 1e6;
			row.roundCpuMillis = (Support.processCpu() - cpu0 - readerCpu) / 1e6;
			row.roundCheckThreadCpuMillis = (checkThreadCpu() - threadCpu0) / 1e6;
			row.readerBlocked = readerAfter.getBlockedCount() - readerBefore.getBlockedCount();
			row.readerBlockedMillis = readerAfter.getBlockedTime() - readerBefore.getBlockedTime();
			row.readerWaited = readerAfter.getWaitedCount() - readerBefore.getWaitedCount();
			row.readerWaitedMillis = readerAfter.getWaitedTime() - readerBefore.getWaitedTime();
			row.healthDuringRound = summary(during);
			row.healthFromCache = summary(cached);
			row.cacheSweeps = cached.size();
			row.roundHandshakes = servers.handshakes() - handshakesBeforeRecheck;
			row.roundPeak = servers.peak();
			Instant firstRecheck = Instant.MAX;
			Instant lastRecheck = Instant.MIN;
			for (String name : names) {
				TlsPeerResult result = checks.last(name);
				if (!result.succeeded()) {
					row.failedResults++;
				}
				firstRecheck = result.checkedAt().isBefore(firstRecheck) ? result.checkedAt() : firstRecheck;
				Instant end = result.checkedAt().plus(result.checkTime());
				lastRecheck = end.isAfter(lastRecheck) ? end : lastRecheck;
			}
			row.roundMillis = Duration.between(firstRecheck, lastRecheck).toNanos() / 1e6;
			row.rechecked = done;
			row.minGapMillis = names.stream()
				.mapToDouble((name) -> Duration.between(startupEnds.get(name), checks.last(name).checkedAt()).toNanos() / 1e6)
				.min()
				.orElse(Double.NaN);
			log(String.format(Locale.ROOT,
					"peers: %d peers: start-up round %.0f ms (peak %d), %d handshakes from cache, "
							+ "re-check round %.0f ms, %d handshakes (peak %d), app up %.1f s",
					count, row.startupRoundMillis, row.startupPeak, row.handshakesDuringCache, row.roundMillis,
					row.roundHandshakes, row.roundPeak,
					(System.nanoTime() - appStarted) / 1e9));
		}
		return row;
	}

	/** One read of every peer's indicator, as {@code /actuator/health} does for the {@code tls} component. */
	private static long sweep(List<HealthIndicator> indicators) {
		long t0 = System.nanoTime();
		for (HealthIndicator indicator : indicators) {
			if (indicator.health() == null) {
				throw new IllegalStateException("no health");
			}
		}
		return System.nanoTime() - t0;
	}

	private static long[] summary(List<Long> times) {
		long[] sorted = Support.sorted(times);
		if (sorted.length == 0) {
			return new long[] { 0, -1, -1, -1 };
		}
		return new long[] { sorted.length, (long) Support.quantile(sorted, 0.5), (long) Support.quantile(sorted, 0.99),
				sorted[sorted.length - 1] };
	}

	private static long checkThreadCpu() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long total = 0;
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().startsWith("tls-peer-check-") && !thread.getName().contains("deadline")) {
				long cpu = threads.getThreadCpuTime(thread.getId());
				total += Math.max(0, cpu);
			}
		}
		return total;
	}

	private String report(List<Row> rows, long started) {
		StringBuilder out = new StringBuilder();
		out.append("## Peer health: ").append(ContextGrowth.list(this.counts)).append(" peers\n\n");
		out.append("`ssl.health.peers[i]` = `127.0.0.1` and a port of its own (in-process JSSE servers, TLS 1.2, ECDSA P-256, one selector ")
			.append("accepting on every port, 64 handshake threads), `ssl.health.threads` at its default, `cache-ttl` per row ")
			.append("(long enough that the start-up round, the heap measurement and the from-cache window fit in it), `timeout` at its default; one application per count, built by the auto-configuration. Both ends of every ")
			.append("handshake run in this JVM, on 2 cores. Start-up round: the lifecycle's first check of every peer, all at once on the ")
			.append("pool (first `checkedAt` to the last check's end). Re-check round: the background schedule checking every peer again ")
			.append("`cache-ttl` after its previous check ended (same span), while this thread read the contributor without pause. ")
			.append("Peak = the most handshakes in progress at once at the servers (from accept to the end of the server's handshake, ")
			.append("which in TLS 1.2 comes before the client's: a lower bound of the client's concurrency that cannot exceed it). ")
			.append("CPU: the `tls-peer-check-*` threads (the checks' client side), and for the re-check round the whole process less ")
			.append("the reading thread (so with the servers' side). Heap: used heap after repeated `System.gc()` with the application ")
			.append("after its first round, minus before it, minus what a further application without peers costs, per peer.\n\n");
		out.append("| peers | threads | start-up round | its peak | its check-thread CPU | re-check round | its peak | its handshakes | its CPU (process / check threads) | heap per peer | failed checks |\n");
		out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
		for (Row row : rows) {
			out.append("| ").append(row.peers).append(" | ").append(row.threads).append(" | ")
				.append(num(row.startupRoundMillis)).append(" ms | ").append(row.startupPeak).append(" | ")
				.append(num(row.startupCheckThreadCpuMillis)).append(" ms | ")
				.append(num(row.roundMillis)).append(" ms | ").append(row.roundPeak).append(" | ")
				.append(row.roundHandshakes).append(" | ").append(num(row.roundCpuMillis)).append(" / ")
				.append(num(row.roundCheckThreadCpuMillis)).append(" ms | ").append(kib((double) row.heapBytes / row.peers))
				.append(" | ").append(row.failedResults).append(" |\n");
		}
		out.append("\n`health()` of every peer's indicator, one after the other (what `/actuator/health` calls for the `tls` component, ")
			.append("without the JSON): the time of one such sweep, from the cache (no check running) and while the re-check round ran.\n\n");
		out.append("| peers | sweeps from cache | p50 / p99 / max from cache | per indicator (p50, from cache) | sweeps during the round | p50 / p99 / max during the round |\n");
		out.append("|---|---|---|---|---|---|\n");
		for (Row row : rows) {
			long[] d = row.healthDuringRound;
			long[] c = row.healthFromCache;
			out.append("| ").append(row.peers).append(" | ").append(c[0]).append(" | ").append(micros(c[1])).append(" / ")
				.append(micros(c[2])).append(" / ").append(micros(c[3])).append(" | ")
				.append(micros((double) c[1] / row.peers)).append(" | ").append(d[0]).append(" | ")
				.append(micros(d[1])).append(" / ").append(micros(d[2])).append(" / ").append(micros(d[3])).append(" |\n");
		}
		out.append("\nThe reading thread from the end of the from-cache window to the end of the re-check round (JMX thread ")
			.append("contention monitoring): how often it was BLOCKED on a monitor or WAITING, against its wall and CPU time. A ")
			.append("`health()` that waited for a check would show here; a sweep that was slow only because the 2 cores were busy ")
			.append("with the round does not.\n\n");
		out.append("| peers | reader wall / CPU time | blocked (times, ms) | waited (times, ms) |\n|---|---|---|---|\n");
		for (Row row : rows) {
			out.append("| ").append(row.peers).append(" | ").append(num(row.readerWallMillis)).append(" / ")
				.append(num(row.readerCpuMillis)).append(" ms | ").append(row.readerBlocked).append(", ")
				.append(row.readerBlockedMillis).append(" | ").append(row.readerWaited).append(", ")
				.append(row.readerWaitedMillis).append(" |\n");
		}
		out.append("\nThe bound by `cache-ttl`, from the handshakes counted at the servers: the start-up round, then the contributor ")
			.append("read again and again for a window that ended within one cache-ttl of the start-up checks, then the re-check ")
			.append("round.\n\n");
		out.append("| peers | start-up round handshakes | from cache: sweeps, window, handshakes (inside the cache-ttl?) | re-check round: peers re-checked, handshakes | shortest time from a peer's start-up check to its re-check |\n");
		out.append("|---|---|---|---|---|\n");
		for (Row row : rows) {
			out.append("| ").append(row.peers).append(" | ").append(row.startupHandshakes).append(" | ")
				.append(row.healthFromCache[0]).append(" in all; ").append(num(row.cacheWindowSeconds)).append(" s window: ")
				.append(row.handshakesDuringCache).append(" (").append(row.cacheWindowInsideTtl ? "yes" : "NO").append(") | ")
				.append(row.rechecked).append(", ").append(row.roundHandshakes).append(" | ")
				.append(millis(row.minGapMillis * 1e6)).append(" (cache-ttl ").append(row.cacheTtl.toMillis())
				.append(" ms) |\n");
		}
		out.append(String.format(Locale.ROOT, "%nThis part took %.0f s.%n%n", (System.nanoTime() - started) / 1e9));
		return out.toString();
	}

}
