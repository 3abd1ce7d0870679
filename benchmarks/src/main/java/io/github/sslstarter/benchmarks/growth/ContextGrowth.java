package io.github.sslstarter.benchmarks.growth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.test.TestCertificate;

import static io.github.sslstarter.benchmarks.growth.Support.kib;
import static io.github.sslstarter.benchmarks.growth.Support.log;
import static io.github.sslstarter.benchmarks.growth.Support.median;
import static io.github.sslstarter.benchmarks.growth.Support.num;
import static io.github.sslstarter.benchmarks.growth.Support.ratio;

/**
 * Handshake rate and heap with 1, 10 and 100 live contexts in one JVM, each its own partner:
 * its own name, its own trust file (its partner's CA beside the server's) and its own client
 * certificate, all built by the starter from properties ({@code ssl.contexts.partner-N.*}).
 * Handshakes go round-robin across the contexts of one application against one
 * {@code openssl s_server} that requires a client certificate; the three applications are alive
 * at once and measured in interleaved rounds.
 */
final class ContextGrowth {

	private final Path dir;

	private final List<Integer> counts;

	private final int rounds;

	private final double seconds;

	private final String protocol;

	ContextGrowth(Path dir, List<Integer> counts, int rounds, double seconds, String protocol) {
		this.dir = dir;
		this.counts = counts;
		this.rounds = rounds;
		this.seconds = seconds;
		this.protocol = protocol;
	}

	String run() throws Exception {
		long started = System.nanoTime();
		TestCertificate serverCa = TestCertificate.authority("Growth Server CA");
		this.clientCa = TestCertificate.authority("Growth Client CA");
		TestCertificate clientCa = this.clientCa;
		TestCertificate server = TestCertificate.builder().localhost().signedBy(serverCa).build();
		server.writeTo(this.dir, "server");
		clientCa.writeCertificate(this.dir.resolve("client-ca.pem"));
		String version = this.protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2";
		List<String> common = List.of("-cert", this.dir.resolve("server.pem").toString(), "-key",
				this.dir.resolve("server-key.pem").toString(), "-www", version, "-Verify", "1", "-CAfile",
				this.dir.resolve("client-ca.pem").toString());
		List<String> fullArgs = new ArrayList<>(common);
		fullArgs.addAll(List.of("-no_cache", "-no_ticket"));
		int fullPort = Support.opensslServer(fullArgs);
		int resumedPort = Support.opensslServer(common);

		// the heap a further application costs without any named context, measured as the second such
		long h0 = Support.usedHeap();
		App empty1 = App.start(properties(0, 0, serverCa));
		long h1 = Support.usedHeap();
		App empty2 = App.start(properties(0, 0, serverCa));
		long h2 = Support.usedHeap();
		long appOverhead = h2 - h1;
		log("contexts: an application without named contexts: first " + (h1 - h0) / 1024 + " KiB, second "
				+ appOverhead / 1024 + " KiB");
		Map<Integer, App> apps = new LinkedHashMap<>();
		Map<Integer, List<SslSocketFactory>> factories = new LinkedHashMap<>();
		Map<Integer, Double> builtPerContext = new LinkedHashMap<>();
		Map<Integer, Double> startMillis = new LinkedHashMap<>();
		int first = 0;
		for (int count : this.counts) {
			long before = Support.usedHeap();
			long t = System.nanoTime();
			App app = App.start(properties(first, count, serverCa));
			startMillis.put(count, (System.nanoTime() - t) / 1e6);
			long after = Support.usedHeap();
			builtPerContext.put(count, (double) (after - before - appOverhead) / count);
			List<SslSocketFactory> list = new ArrayList<>();
			for (int i = first; i < first + count; i++) {
				list.add(app.contexts().socketFactory(name(i)));
			}
			apps.put(count, app);
			factories.put(count, list);
			first += count;
			log("contexts: " + count + " built in " + Math.round(startMillis.get(count)) + " ms, "
					+ (after - before) / 1024 + " KiB");
		}
		List<String> modes = List.of("full", "resumed");
		Map<String, List<Double>> rates = new LinkedHashMap<>();
		Map<String, long[]> resumedCounts = new LinkedHashMap<>();
		double warm = Math.min(1.0, this.seconds);
		log("contexts: warm-up, every cell " + warm + " s");
		for (String mode : modes) {
			for (int count : this.counts) {
				cell(factories.get(count), mode.equals("full") ? fullPort : resumedPort, warm, new long[2]);
			}
		}
		for (int round = 0; round < this.rounds; round++) {
			log("contexts: round " + (round + 1) + " of " + this.rounds + ", load " + Support.load());
			for (String mode : modes) {
				for (int i = 0; i < this.counts.size(); i++) {
					int count = this.counts.get((i + round) % this.counts.size());
					String key = mode + " " + count;
					long[] resumed = resumedCounts.computeIfAbsent(key, (k) -> new long[2]);
					double rate = cell(factories.get(count), mode.equals("full") ? fullPort : resumedPort, this.seconds,
							resumed);
					rates.computeIfAbsent(key, (k) -> new ArrayList<>()).add(rate);
				}
			}
		}
		// meters per context, then the heap each application keeps after its handshakes
		Map<Integer, Long> timers = new LinkedHashMap<>();
		for (int count : this.counts) {
			timers.put(count, apps.get(count).registry().find("tls.handshake").timers().stream().count());
		}
		Map<Integer, Double> usedPerContext = new LinkedHashMap<>();
		List<Integer> reversed = new ArrayList<>(this.counts);
		java.util.Collections.reverse(reversed);
		for (int count : reversed) {
			long before = Support.usedHeap();
			apps.remove(count).close();
			factories.remove(count);
			long after = Support.usedHeap();
			usedPerContext.put(count, (double) (before - after - appOverhead) / count);
		}
		empty2.close();
		empty1.close();

		StringBuilder out = new StringBuilder();
		out.append("## Contexts: ").append(list(this.counts)).append(" live contexts\n\n");
		out.append("Each context is a partner of its own, built by the starter from properties ")
			.append("(`ssl.contexts.partner-<i>.identity.certificate|private-key` = its own client certificate, ")
			.append("`trust.ca-file` = its own file with its partner's CA and the server's CA, `trust.system-defaults: false`), ")
			.append("with `TlsMetrics` recording into a `SimpleMeterRegistry`. All ")
			.append(this.counts.size())
			.append(" applications are alive at once; each cell connects round-robin across the contexts of one application ")
			.append("to one `openssl s_server -www ")
			.append(version)
			.append(" -Verify 1` (client certificate required), ECDSA P-256; one connection = connect, handshake, ")
			.append("`GET /`, read to EOF. Full: a second `s_server` with `-no_cache -no_ticket`. ")
			.append(String.format(java.util.Locale.ROOT, "%d interleaved rounds of %.1f s per cell (the order of the counts rotates each round) after a warm-up pass; ", this.rounds, this.seconds))
			.append("a rate is the median of the rounds, a ratio the median of the per-round ratios.\n\n");
		out.append("| contexts | full handshakes/s | resumed handshakes/s | resumed hit ratio | `tls.handshake` timers | × 1 context (full) | × 1 context (resumed) | start-up of the application |\n");
		out.append("|---|---|---|---|---|---|---|---|\n");
		int base = this.counts.get(0);
		for (int count : this.counts) {
			long[] hits = resumedCounts.get("resumed " + count);
			out.append("| ").append(count).append(" | ").append(num(median(rates.get("full " + count)))).append(" | ")
				.append(num(median(rates.get("resumed " + count)))).append(" | ")
				.append((hits[1] > 0) ? String.format(java.util.Locale.ROOT, "%.2f %%", 100.0 * hits[0] / hits[1]) : "n/a")
				.append(" | ").append(timers.get(count)).append(" | ")
				.append(roundRatio(rates.get("full " + count), rates.get("full " + base))).append(" | ")
				.append(roundRatio(rates.get("resumed " + count), rates.get("resumed " + base))).append(" | ")
				.append(Math.round(startMillis.get(count))).append(" ms |\n");
		}
		out.append("\nPer-round rates (handshakes/s), in measurement order within each round:\n\n");
		out.append("| cell | rounds |\n|---|---|\n");
		rates.forEach((key, values) -> out.append("| ").append(key).append(" contexts | ")
			.append(String.join(", ", values.stream().map(Support::num).toList())).append(" |\n"));
		out.append("\nRetained heap per context: used heap after repeated `System.gc()` with the application minus without it, ")
			.append("less what an application without named contexts costs (")
			.append(kib(appOverhead))
			.append(", measured as the second such application), divided by the count. ")
			.append("Built = right after start-up; after use = released when the application was closed after its handshakes ")
			.append("(so it includes its cached sessions and meters).\n\n");
		out.append("| contexts | built, per context | after use, per context |\n|---|---|---|\n");
		for (int count : this.counts) {
			out.append("| ").append(count).append(" | ").append(kib(builtPerContext.get(count))).append(" | ")
				.append(kib(usedPerContext.get(count))).append(" |\n");
		}
		out.append(String.format(java.util.Locale.ROOT, "%nThis part took %.0f s.%n%n", (System.nanoTime() - started) / 1e9));
		return out.toString();
	}

	/** The median over rounds of {@code a[i] / b[i]}. */
	static String roundRatio(List<Double> a, List<Double> b) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
			ratios.add(a.get(i) / b.get(i));
		}
		return ratio(median(ratios), 1);
	}

	/** Connections round-robin across the factories for {@code seconds}; the rate. */
	private static double cell(List<SslSocketFactory> factories, int port, double seconds, long[] resumed) {
		long deadline = System.nanoTime() + (long) (seconds * 1e9);
		long start = System.nanoTime();
		long count = 0;
		int errors = 0;
		int i = 0;
		while (System.nanoTime() < deadline && count < 1_000_000) {
			SslSocketFactory factory = factories.get(i);
			i = (i + 1) % factories.size();
			try {
				SSLSocket socket = factory.connect(Support.HOST, port);
				if (factory.reused(socket)) {
					resumed[0]++;
				}
				resumed[1]++;
				Support.request(socket);
				count++;
			}
			catch (IOException ex) {
				if (errors++ == 0) {
					log("contexts: connection failed: " + ex);
				}
				if (errors > 100) {
					throw new IllegalStateException("too many failed connections", ex);
				}
			}
		}
		return count / ((System.nanoTime() - start) / 1e9);
	}

	private Map<String, Object> properties(int first, int count, TestCertificate serverCa) throws IOException {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("ssl.protocols", this.protocol);
		Path serverCaFile = this.dir.resolve("server-ca.pem");
		if (!Files.exists(serverCaFile)) {
			serverCa.writeCertificate(serverCaFile);
		}
		properties.put("ssl.trust.ca-file", serverCaFile.toString());
		properties.put("ssl.trust.system-defaults", "false");
		for (int i = first; i < first + count; i++) {
			String prefix = "ssl.contexts." + name(i) + ".";
			TestCertificate partnerCa = TestCertificate.authority("Partner " + i + " CA");
			Path trust = this.dir.resolve(name(i) + "-trust.pem");
			Files.writeString(trust, partnerCa.certificatePem() + serverCa.certificatePem());
			TestCertificate.PemFiles identity = TestCertificate.builder()
				.commonName(name(i) + ".clients.example")
				.signedBy(clientCaOf())
				.build()
				.writeTo(this.dir, name(i));
			properties.put(prefix + "identity.certificate", identity.chain().toString());
			properties.put(prefix + "identity.private-key", identity.privateKey().toString());
			properties.put(prefix + "trust.ca-file", trust.toString());
			properties.put(prefix + "trust.system-defaults", "false");
		}
		return properties;
	}

	// the CA of every client certificate, the one s_server trusts
	private TestCertificate clientCa;

	private TestCertificate clientCaOf() {
		return this.clientCa;
	}

	/** "1, 10 and 100". */
	static String list(List<Integer> counts) {
		List<String> names = counts.stream().map((n) -> String.format(java.util.Locale.ROOT, "%,d", n)).toList();
		return (names.size() == 1) ? names.get(0)
				: String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
	}

	static String name(int i) {
		return "partner-" + i;
	}

}
