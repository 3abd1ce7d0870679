package io.github.sslstarter.benchmarks.growth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cost of growth in one command: handshake rate and heap with 1, 10 and 100 contexts
 * ({@link ContextGrowth}), with 1, 1,000 and 100,000 cached sessions ({@link SessionGrowth}),
 * and the peer health checks with 10, 100 and 1,000 peers ({@link PeerHealthGrowth}). Needs
 * {@code openssl} on the PATH. Writes a Markdown report with the date, JVM, CPU, load average
 * and the command.
 * <p>
 * Options (defaults in brackets): {@code --quick} (a run of under a minute, smaller counts),
 * {@code --parts contexts,sessions,peers}, {@code --contexts 1,10,100}, {@code --rounds 3},
 * {@code --seconds 2}, {@code --protocol TLSv1.3} (the contexts part), {@code --sessions 1,1000,100000},
 * {@code --fill-seconds 240} (the time budget of filling the caches), {@code --fill-threads 4},
 * {@code --sessions-key rsa} (or {@code ec}: the certificates of the cached-sessions part),
 * {@code --peers 10,100,1000}, {@code --cache-ttl 8s,10s,30s} (one per count, the last for the
 * rest), {@code --cache-seconds 2} (how long the contributor is read from the cache), {@code --out benchmarks/target/growth.md}.
 */
public final class GrowthBench {

	private GrowthBench() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		boolean quick = false;
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--quick")) {
				quick = true;
			}
			else if (i + 1 < args.length) {
				options.put(args[i].replaceFirst("^--", ""), args[++i]);
			}
		}
		if (quick) {
			options.putIfAbsent("contexts", "1,10");
			options.putIfAbsent("rounds", "2");
			options.putIfAbsent("seconds", "0.5");
			options.putIfAbsent("sessions", "1,1000");
			options.putIfAbsent("fill-seconds", "8");
			options.putIfAbsent("peers", "10,100");
			options.putIfAbsent("cache-ttl", "4s,5s");
			options.putIfAbsent("cache-seconds", "0.5");
		}
		String command = "java -cp benchmarks/target/benchmarks.jar " + GrowthBench.class.getName()
				+ (args.length > 0 ? " " + String.join(" ", args) : "");
		List<String> parts = List.of(options.getOrDefault("parts", "contexts,sessions,peers").split(","));
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
		double seconds = Double.parseDouble(options.getOrDefault("seconds", "2"));
		Path dir = Files.createTempDirectory("growth-bench");
		String loadBefore = Support.load();
		ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
		long t0 = System.nanoTime();
		String openssl = Support.opensslVersion();
		StringBuilder body = new StringBuilder();
		try {
			if (parts.contains("contexts")) {
				Support.log("part: contexts");
				body.append(new ContextGrowth(dir, ints(options.getOrDefault("contexts", "1,10,100")), rounds, seconds,
						options.getOrDefault("protocol", "TLSv1.3"))
					.run());
				Support.stopProcesses();
			}
			if (parts.contains("sessions")) {
				Support.log("part: sessions");
				body.append(new SessionGrowth(dir, ints(options.getOrDefault("sessions", "1,1000,100000")), rounds, seconds,
						Double.parseDouble(options.getOrDefault("fill-seconds", "240")),
						Integer.parseInt(options.getOrDefault("fill-threads", "4")),
						options.getOrDefault("sessions-key", "rsa").equals("rsa"))
					.run());
				Support.stopProcesses();
			}
			if (parts.contains("peers")) {
				Support.log("part: peers");
				body.append(new PeerHealthGrowth(dir, ints(options.getOrDefault("peers", "10,100,1000")),
						java.util.Arrays.stream(options.getOrDefault("cache-ttl", "8s,10s,30s").split(",")).map(GrowthBench::duration).toList(),
						Double.parseDouble(options.getOrDefault("cache-seconds", "2")))
					.run());
			}
		}
		finally {
			Support.stopProcesses();
		}
		double wall = (System.nanoTime() - t0) / 1e9;
		String loadAfter = Support.load();
		StringBuilder out = new StringBuilder();
		out.append("# Cost of growth\n\n");
		out.append("Written by `").append(GrowthBench.class.getName()).append("`; every number comes from this one run.\n\n");
		out.append("- Date: ").append(started.format(DateTimeFormatter.RFC_1123_DATE_TIME)).append('\n');
		out.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ')
			.append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.vendor"))
			.append("), max heap ").append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB, ")
			.append(java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()
				.stream()
				.map(java.lang.management.GarbageCollectorMXBean::getName)
				.toList())
			.append('\n');
		out.append("- CPU: ").append(Support.cpu()).append(", ").append(Runtime.getRuntime().availableProcessors())
			.append(" cores available; load average (1 min) ").append(loadBefore).append(" before, ").append(loadAfter)
			.append(" after\n");
		out.append("- Peers: ").append(openssl).append("; in-process JSSE servers\n");
		out.append("- Command: `").append(command).append("` (after `./mvnw -B -q -pl benchmarks -am package -DskipTests`), ")
			.append(String.format(Locale.ROOT, "%.0f s wall time", wall)).append("\n\n");
		out.append(body);
		Path file = Path.of(options.getOrDefault("out", "benchmarks/target/growth.md"));
		if (file.toAbsolutePath().getParent() != null) {
			Files.createDirectories(file.toAbsolutePath().getParent());
		}
		Files.writeString(file, out.toString());
		System.out.println(out);
		Support.log("wrote " + file.toAbsolutePath() + String.format(Locale.ROOT, " (%.0f s)", wall));
		// the applications' and servers' daemon threads end with the JVM
		System.exit(0);
	}

	private static List<Integer> ints(String list) {
		return java.util.Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
	}

	private static Duration duration(String text) {
		String t = text.trim().toLowerCase(Locale.ROOT);
		if (t.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
		}
		if (t.endsWith("s")) {
			return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
		}
		return Duration.ofSeconds(Long.parseLong(t));
	}

}
