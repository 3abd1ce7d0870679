package io.github.sslstarter.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs this project's benchmarks with short, fixed settings and writes {@code RESULTS.md}: the
 * machine, then each group beside its baseline from the same run, as ratios. Sections written
 * by other measurements (hostname verification, peer health checks) are kept.
 * <p>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar io.github.sslstarter.benchmarks.Report [RESULTS.md]}
 */
public final class Report {

	// the sections this report writes; every other "## " section of the file is kept as it is
	private static final List<String> OWN_SECTIONS = List.of("## Full handshakes", "## Session resumption",
			"## Provider:", "## Bulk throughput", "## Metrics cost", "## Start-up");

	private static final int WARMUPS = 2;

	private static final int ITERATIONS = 8;

	private static final int SECONDS = 2;

	private Report() {
	}

	public static void main(String[] args) throws Exception {
		Path output = Path.of((args.length > 0) ? args[0] : "benchmarks/RESULTS.md");
		Path stats = Files.createTempFile("bench-stats", ".txt");
		Options options = new OptionsBuilder()
			.include(Report.class.getPackageName()
					+ "\\.(FullHandshake|Resumption|Bulk|Metrics|Startup)Benchmark\\.")
			.forks(1)
			.warmupIterations(WARMUPS)
			.warmupTime(TimeValue.seconds(SECONDS))
			.measurementIterations(ITERATIONS)
			.measurementTime(TimeValue.seconds(SECONDS))
			.jvmArgsAppend("-Dbench.stats=" + stats)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		String kept = keptSection(output);
		Files.writeString(output, render(results, Files.readAllLines(stats), kept));
		Files.deleteIfExists(stats);
		System.out.println("wrote " + output.toAbsolutePath());
	}

	private static String keptSection(Path output) throws IOException {
		if (!Files.exists(output)) {
			return null;
		}
		StringBuilder kept = new StringBuilder();
		for (String section : Files.readString(output).split("\n(?=## )")) {
			if (section.startsWith("## ") && OWN_SECTIONS.stream().noneMatch(section::startsWith)) {
				kept.append(section.strip()).append("\n\n");
			}
		}
		return (kept.length() > 0) ? kept.toString().strip() + "\n" : null;
	}

	/** One measured score. */
	record Score(double value, double error, String unit) {

		String show() {
			return String.format(Locale.ROOT, "%.1f ± %.1f %s", this.value, this.error, this.unit);
		}

	}

	static String render(Collection<RunResult> results, List<String> statLines, String kept) {
		Map<String, Score> scores = new HashMap<>();
		for (RunResult result : results) {
			var params = result.getParams();
			StringBuilder key = new StringBuilder(
					params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.', params.getBenchmark().lastIndexOf('.') - 1) + 1));
			for (String name : params.getParamsKeys()) {
				key.append(' ').append(name).append('=').append(params.getParam(name));
			}
			var primary = result.getPrimaryResult();
			scores.put(key.toString(), new Score(primary.getScore(), primary.getScoreError(), primary.getScoreUnit()));
		}
		Map<String, long[]> hits = new HashMap<>();
		for (String line : statLines) {
			String[] parts = line.trim().split(" ");
			if (parts.length == 6 && parts[0].equals("resumption")) {
				hits.put(parts[1] + " " + parts[2] + " " + parts[3],
						new long[] { Long.parseLong(parts[4]), Long.parseLong(parts[5]) });
			}
		}
		StringBuilder out = new StringBuilder();
		out.append("# Benchmark results\n\n");
		out.append("Written by `io.github.sslstarter.benchmarks.Report` (see the README for the command). ");
		out.append("Every number below comes from the same run; compare the ratios, not the absolute numbers.\n\n");
		out.append("- Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append('\n');
		out.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ')
			.append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.vendor"))
			.append(")\n");
		out.append("- CPU: ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors())
			.append(" cores available\n");
		out.append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
			.append('\n');
		out.append(String.format(Locale.ROOT,
				"- JMH: 1 fork, %d warm-up and %d measured iterations of %d s, one client thread; errors are 99.9%% intervals%n",
				WARMUPS, ITERATIONS, SECONDS));
		out.append("- Peer: an in-process raw JSSE server on 127.0.0.1, ECDSA P-256 certificate, TCP_NODELAY; ")
			.append("one connection = connect, handshake, 1 byte each way, close\n\n");

		out.append("## Full handshakes (TLS 1.2)\n\n");
		out.append("Client sessions are forgotten after every connection, the same way for every client. ")
			.append("Goal: this project ≥ 0.97× raw JSSE.\n\n");
		out.append("| client | handshakes/s | × raw JSSE |\n|---|---|---|\n");
		Score raw = scores.get("FullHandshakeBenchmark.handshake impl=raw");
		row(out, "raw JSSE (TCP_NODELAY, HTTPS endpoint identification)", raw, raw);
		row(out, "this project's `SslSocketFactory` (defaults)", scores.get("FullHandshakeBenchmark.handshake impl=starter"), raw);
		row(out, "sslcontext-kickstart 9.1.0 `getSslSocketFactory()` (its defaults: no TCP_NODELAY)",
				scores.get("FullHandshakeBenchmark.handshake impl=kickstart"), raw);

		out.append("\n## Session resumption\n\n");
		out.append("This project's factory; full = sessions forgotten after each connection. ")
			.append("Hit ratio = connections whose `reused(socket)` was true. Goal: resumed ≥ 2.3× full, hit ratio ≥ 99 %.\n\n");
		out.append("| provider | protocol | full handshakes/s | resumed handshakes/s | resumed × full | hit ratio (resumed) | hits in full runs |\n");
		out.append("|---|---|---|---|---|---|---|\n");
		for (String provider : List.of("jdk", "conscrypt")) {
			for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
				Score full = scores.get(resumptionKey("full", protocol, provider));
				Score resumed = scores.get(resumptionKey("resumed", protocol, provider));
				long[] resumedHits = hits.get(protocol + " resumed " + provider);
				long[] fullHits = hits.get(protocol + " full " + provider);
				out.append("| ").append(provider).append(" | ").append(protocol).append(" | ").append(show(full))
					.append(" | ").append(show(resumed)).append(" | ").append(ratio(resumed, full)).append(" | ")
					.append(percent(resumedHits)).append(" | ").append(fraction(fullHits)).append(" |\n");
			}
		}

		out.append("\n## Provider: Conscrypt against the JDK\n\n");
		out.append("From the same runs as above.\n\n");
		out.append("| protocol | handshake | JDK /s | Conscrypt /s | Conscrypt × JDK |\n|---|---|---|---|---|\n");
		for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
			for (String mode : List.of("full", "resumed")) {
				Score jdk = scores.get(resumptionKey(mode, protocol, "jdk"));
				Score conscrypt = scores.get(resumptionKey(mode, protocol, "conscrypt"));
				out.append("| ").append(protocol).append(" | ").append(mode).append(" | ").append(show(jdk))
					.append(" | ").append(show(conscrypt)).append(" | ").append(ratio(conscrypt, jdk)).append(" |\n");
			}
		}

		out.append("\n## Bulk throughput (64 KiB writes, TLS 1.3)\n\n");
		out.append("Goal: this project ≥ 0.97× raw JSSE.\n\n");
		out.append("| client | writes/s | MiB/s | × raw JSSE |\n|---|---|---|---|\n");
		Score bulkRaw = scores.get("BulkBenchmark.write64KiB impl=raw");
		Score bulkStarter = scores.get("BulkBenchmark.write64KiB impl=starter");
		bulkRow(out, "raw JSSE", bulkRaw, bulkRaw);
		bulkRow(out, "this project", bulkStarter, bulkRaw);

		out.append("\n## Metrics cost (TLS 1.3, `TlsMetrics` into a `SimpleMeterRegistry`)\n\n");
		out.append("Goal: ≤ 3 % cost. Differences inside the error bars are noise, not cost.\n\n");
		out.append("| handshake | metrics off /s | metrics on /s | on × off | cost |\n|---|---|---|---|---|\n");
		for (String mode : List.of("full", "resumed")) {
			Score off = scores.get("MetricsBenchmark.handshake metrics=off mode=" + mode);
			Score on = scores.get("MetricsBenchmark.handshake metrics=on mode=" + mode);
			out.append("| ").append(mode).append(" | ").append(show(off)).append(" | ").append(show(on)).append(" | ")
				.append(ratio(on, off)).append(" | ");
			out.append((on != null && off != null)
					? String.format(Locale.ROOT, "%.1f %%", 100 * (1 - on.value() / off.value())) : "n/a");
			out.append(" |\n");
		}

		out.append("\n## Start-up (context from ").append(StartupBenchmark.BUNDLE).append(" and a PEM key)\n\n");
		out.append("Parsing the bundle and the key included. Goal: ≤ 50 ms.\n\n");
		out.append("| builder | ms per context | × raw JSSE |\n|---|---|---|\n");
		Score startRaw = scores.get("StartupBenchmark.build impl=raw");
		Score startStarter = scores.get("StartupBenchmark.build impl=starter");
		out.append("| raw JSSE | ").append(show(startRaw)).append(" | 1.00 |\n");
		out.append("| this project's `SslContextFactory` | ").append(show(startStarter)).append(" | ")
			.append(ratio(startStarter, startRaw)).append(" |\n");
		if (kept != null) {
			out.append('\n').append(kept);
		}
		return out.toString();
	}

	private static String resumptionKey(String mode, String protocol, String provider) {
		return "ResumptionBenchmark.handshake mode=" + mode + " protocol=" + protocol + " provider=" + provider;
	}

	private static void row(StringBuilder out, String name, Score score, Score base) {
		out.append("| ").append(name).append(" | ").append(show(score)).append(" | ").append(ratio(score, base))
			.append(" |\n");
	}

	private static void bulkRow(StringBuilder out, String name, Score score, Score base) {
		out.append("| ").append(name).append(" | ").append(show(score)).append(" | ")
			.append((score != null) ? String.format(Locale.ROOT, "%.0f", score.value() / 16) : "n/a")
			.append(" | ").append(ratio(score, base)).append(" |\n");
	}

	private static String show(Score score) {
		return (score != null) ? score.show() : "n/a";
	}

	private static String ratio(Score score, Score base) {
		return (score != null && base != null) ? String.format(Locale.ROOT, "%.2f", score.value() / base.value())
				: "n/a";
	}

	private static String percent(long[] counts) {
		return (counts != null && counts[1] > 0)
				? String.format(Locale.ROOT, "%.2f %% (%d/%d)", 100.0 * counts[0] / counts[1], counts[0], counts[1])
				: "n/a";
	}

	private static String fraction(long[] counts) {
		return (counts != null) ? counts[0] + "/" + counts[1] : "n/a";
	}

	private static String cpu() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// not Linux
		}
		return System.getProperty("os.arch");
	}

}
