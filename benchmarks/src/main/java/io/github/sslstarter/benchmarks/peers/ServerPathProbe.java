package io.github.sslstarter.benchmarks.peers;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.conscrypt.Conscrypt;

import io.github.sslstarter.actuate.TlsMetrics;
import io.github.sslstarter.core.HandshakeListener;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.TestCertificate;

/**
 * Where this project's JDK server path spends CPU that raw JSSE does not: variants of the
 * server in one JVM, each on a listener of its own, under {@code openssl s_time}, measured as
 * this JVM's CPU time (user + system, {@code getProcessCpuTime}) per connection, in rounds whose
 * order rotates. A variant differs from its neighbour in one thing, so a difference between
 * them is that thing's cost.
 * <p>
 * Options: {@code --rounds 10 --seconds 2 --protocol TLSv1.2 --mode resumed|full --provider jdk|conscrypt}
 * ("raw JSSE" is then raw Conscrypt); {@code --client jsse --connections 2000}: instead of
 * {@code s_time}, one JSSE client in this JVM connects to the variants in turn, and each
 * connection's CPU is measured on the thread that handled it (the steadier figure). Prints a
 * Markdown table.
 */
public final class ServerPathProbe {

	private static final Pattern S_TIME = Pattern.compile("(\\d+) connections in \\d+ real seconds");

	private static final ExecutorService pool = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "probe-server");
		thread.setDaemon(true);
		return thread;
	});

	private static String provider;

	private ServerPathProbe() {
	}

	interface Serve {

		void serve(SSLSocket accepted) throws IOException;

	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = PeerBench.options(args);
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "10"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "2"));
		String protocol = options.getOrDefault("protocol", "TLSv1.2");
		boolean resumed = options.getOrDefault("mode", "resumed").equals("resumed");
		// jdk, or conscrypt (run with --add-opens java.base/java.net=ALL-UNNAMED for raw Conscrypt's sake)
		provider = options.getOrDefault("provider", "jdk");
		Path dir = Files.createTempDirectory("server-probe");
		TestCertificate ca = TestCertificate.authority("Probe CA");
		ca.writeCertificate(PeerMaterial.ca(dir));
		TestCertificate.builder().localhost().signedBy(ca).build().writeTo(dir, "ec");
		InetAddress loopback = InetAddress.getByName("127.0.0.1");

		Map<String, Integer> ports = new LinkedHashMap<>();
		SSLContext raw = provider.equals("conscrypt") ? SSLContext.getInstance("TLS", Conscrypt.newProvider())
				: SSLContext.getInstance("TLS");
		raw.init(PeerMaterial.keys(dir, "ec").getKeyManagers(), null, new SecureRandom());
		ports.put("raw JSSE", rawServer(raw, protocol, loopback, false));
		ports.put("raw JSSE + SO_TIMEOUT", rawServer(raw, protocol, loopback, true));
		ports.put("project", projectServer(dir, protocol, loopback, Duration.ofSeconds(10), null));
		ports.put("project, handshake-timeout 0", projectServer(dir, protocol, loopback, Duration.ZERO, null));
		ports.put("project + TlsMetrics", projectServer(dir, protocol, loopback, Duration.ofSeconds(10),
				new TlsMetrics(new SimpleMeterRegistry())::handshake));

		List<String> kinds = new ArrayList<>(ports.keySet());
		if (options.getOrDefault("client", "s_time").equals("jsse")) {
			alternate(dir, ports, protocol, resumed, rounds, Integer.parseInt(options.getOrDefault("connections", "2000")));
			return;
		}
		Map<String, List<Double>> cpu = new LinkedHashMap<>();
		Map<String, List<Double>> threadCpu = new LinkedHashMap<>();
		Map<String, List<Double>> allocated = new LinkedHashMap<>();
		kinds.forEach((k) -> {
			cpu.put(k, new ArrayList<>());
			threadCpu.put(k, new ArrayList<>());
			allocated.put(k, new ArrayList<>());
		});
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		for (String kind : kinds) {
			sTime(dir, ports.get(kind), protocol, resumed, seconds);
		}
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < kinds.size(); i++) {
				String kind = kinds.get((i + round) % kinds.size());
				long before = os.getProcessCpuTime();
				long[] threadsBefore = javaThreads();
				long connections = sTime(dir, ports.get(kind), protocol, resumed, seconds);
				long used = os.getProcessCpuTime() - before;
				long[] threadsAfter = javaThreads();
				cpu.get(kind).add((connections > 0) ? used / 1000.0 / connections : Double.NaN);
				threadCpu.get(kind)
					.add((connections > 0) ? (threadsAfter[0] - threadsBefore[0]) / 1000.0 / connections : Double.NaN);
				allocated.get(kind)
					.add((connections > 0) ? (threadsAfter[1] - threadsBefore[1]) / 1024.0 / connections : Double.NaN);
				if (Boolean.getBoolean("probe.verbose")) {
					System.err.printf(Locale.ROOT, "round %d %-30s %6d connections, thread CPU %.0f µs%n", round, kind,
							connections, threadCpu.get(kind).get(round));
				}
			}
		}
		StringBuilder md = new StringBuilder();
		md.append("Server CPU per connection (µs, median of ").append(rounds).append(" rounds of ").append(seconds)
			.append(" s), ").append(provider).append(", ").append(protocol).append(' ').append(resumed ? "resumed" : "full")
			.append(", ECDSA P-256, under `openssl s_time`; ratio = the variant's CPU over raw JSSE's, per round\n\n");
		md.append("Process CPU is all of the JVM's (with GC and JIT); Java-thread CPU is the Java threads' alone (the "
				+ "connections' own work, steadier); allocation is what the Java threads allocated (KiB), GC's cost in "
				+ "the long run.\n\n");
		md.append("| variant | process CPU µs | × raw JSSE (median, min–max) | Java-thread CPU µs | × raw JSSE "
				+ "(median, min–max) | allocated KiB | × raw JSSE |\n|---|---|---|---|---|---|---|\n");
		for (String kind : kinds) {
			md.append("| ").append(kind).append(" | ").append(column(cpu, kind, rounds)).append(" | ")
				.append(column(threadCpu, kind, rounds)).append(" | ")
				.append(String.format(Locale.ROOT, "%.1f | %.3f", PeerBench.median(allocated.get(kind)),
						PeerBench.median(allocated.get(kind)) / PeerBench.median(allocated.get("raw JSSE"))))
				.append(" |\n");
		}
		System.out.println(md);
	}

	/**
	 * One raw JSSE client in this JVM makes {@code connections} connections to each variant per
	 * round, to the variants in turn one connection at a time (A, B, C, A, B, C, ...), so that a
	 * slower moment of the machine touches every variant alike; a variant's figure is the CPU of
	 * the thread that handled each connection (handshake, request, answer), measured on that
	 * thread. What runs on other threads (the deadlines' keeper, GC, JIT) is not in it.
	 */
	private static void alternate(Path dir, Map<String, Integer> ports, String protocol, boolean resumed, int rounds,
			int connections) throws Exception {
		SSLContext client = SSLContext.getInstance("TLS");
		client.init(null, PeerMaterial.trust(dir).getTrustManagers(), new SecureRandom());
		javax.net.ssl.SSLSocketFactory sockets = client.getSocketFactory();
		List<String> kinds = new ArrayList<>(ports.keySet());
		Map<String, List<Double>> perRound = new LinkedHashMap<>();
		kinds.forEach((k) -> perRound.put(k, new ArrayList<>()));
		int[] sessionKey = { 0 };
		for (int round = -1; round < rounds; round++) {
			Map<String, long[]> before = new LinkedHashMap<>();
			for (String kind : kinds) {
				java.util.concurrent.atomic.LongAdder[] account = handled.get(ports.get(kind));
				before.put(kind, new long[] { account[0].sum(), account[1].sum() });
			}
			for (int i = 0; i < connections; i++) {
				for (int k = 0; k < kinds.size(); k++) {
					int port = ports.get(kinds.get((i + k) % kinds.size()));
					int key = resumed ? port : 1 + (sessionKey[0]++ % 60000);
					try (SSLSocket socket = PeerClients.raw(sockets, port, key, protocol)) {
						if (round < 0 && i == connections - 1) {
							System.err.println("negotiated with " + kinds.get((i + k) % kinds.size()) + ": "
									+ socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite());
						}
						PeerMaterial.request(socket);
						if (!resumed) {
							socket.getSession().invalidate();
						}
					}
				}
			}
			// the handling threads account a connection after answering it: let the last ones finish
			Thread.sleep(200);
			if (round < 0) {
				continue;
			}
			for (String kind : kinds) {
				java.util.concurrent.atomic.LongAdder[] account = handled.get(ports.get(kind));
				long cpu = account[0].sum() - before.get(kind)[0];
				long count = account[1].sum() - before.get(kind)[1];
				perRound.get(kind).add((count > 0) ? cpu / 1000.0 / count : Double.NaN);
			}
		}
		StringBuilder md = new StringBuilder();
		md.append("Server CPU per connection on the handling thread (µs, median of ").append(rounds)
			.append(" rounds of ").append(connections).append(" connections per variant, the variants in turn), ")
			.append(provider).append(", ").append(protocol).append(' ').append(resumed ? "resumed" : "full")
			.append(", ECDSA P-256, one raw JSSE client in the same JVM; ratio = the variant's CPU over raw JSSE's, "
					+ "per round\n\n");
		md.append("| variant | handling-thread CPU µs | × raw JSSE (median, min–max) |\n|---|---|---|\n");
		for (String kind : kinds) {
			md.append("| ").append(kind).append(" | ").append(column(perRound, kind, rounds)).append(" |\n");
		}
		System.out.println(md);
	}

	private static String column(Map<String, List<Double>> values, String kind, int rounds) {
		List<Double> base = values.get("raw JSSE");
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < rounds; i++) {
			ratios.add(values.get(kind).get(i) / base.get(i));
		}
		double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return String.format(Locale.ROOT, "%.0f | %.3f (%.2f–%.2f)", PeerBench.median(values.get(kind)),
				PeerBench.median(ratios), r[0],
				r[r.length - 1]);
	}

	/** CPU time (ns) and allocated bytes of all live Java threads, summed. */
	private static long[] javaThreads() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		long[] ids = threads.getAllThreadIds();
		long cpu = 0;
		long bytes = 0;
		for (long c : threads.getThreadCpuTime(ids)) {
			cpu += Math.max(0, c);
		}
		for (long b : threads.getThreadAllocatedBytes(ids)) {
			bytes += Math.max(0, b);
		}
		return new long[] { cpu, bytes };
	}

	private static int rawServer(SSLContext context, String protocol, InetAddress loopback, boolean timeout)
			throws IOException {
		SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1024,
				loopback);
		listener.setEnabledProtocols(new String[] { protocol });
		loop(listener, (accepted) -> {
			try (accepted) {
				accepted.setTcpNoDelay(true);
				if (provider.equals("conscrypt")) {
					// as a user of Conscrypt would, for TLS 1.3 resumption (as PeerServers does)
					Conscrypt.setUseSessionTickets(accepted, true);
				}
				if (timeout) {
					accepted.setSoTimeout(10_000);
				}
				accepted.startHandshake();
				if (timeout) {
					accepted.setSoTimeout(0);
				}
				PeerMaterial.answer(accepted);
			}
		});
		return listener.getLocalPort();
	}

	private static int projectServer(Path dir, String protocol, InetAddress loopback, Duration handshakeTimeout,
			HandshakeListener listener) throws Exception {
		SslContextFactory context = new SslContextFactory(SslSettings.builder()
			.name("probe")
			.provider(provider)
			.protocols(protocol)
			.handshakeTimeout(handshakeTimeout)
			.identity(Identity.of(PeerMaterial.key(PeerMaterial.privateKey(dir, "ec")),
					PeerMaterial.certificates(PeerMaterial.chain(dir, "ec"))))
			.build());
		SslServerSocketFactory factory = (listener != null) ? new SslServerSocketFactory(context, listener)
				: new SslServerSocketFactory(context);
		ServerSocket server = factory.createServerSocket(0, 1024, loopback);
		loop(server, (accepted) -> {
			try (SSLSocket socket = factory.handshake(accepted)) {
				PeerMaterial.answer(socket);
			}
		});
		return server.getLocalPort();
	}

	/** Per variant: the handling threads' CPU (ns) and the connections handled. */
	private static final Map<Integer, java.util.concurrent.atomic.LongAdder[]> handled = new java.util.concurrent.ConcurrentHashMap<>();

	private static void loop(ServerSocket listener, Serve serve) {
		java.util.concurrent.atomic.LongAdder[] account = { new java.util.concurrent.atomic.LongAdder(),
				new java.util.concurrent.atomic.LongAdder() };
		handled.put(listener.getLocalPort(), account);
		java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Thread acceptor = new Thread(() -> {
			while (true) {
				SSLSocket accepted;
				try {
					accepted = (SSLSocket) listener.accept();
				}
				catch (IOException ex) {
					return;
				}
				pool.execute(() -> {
					long start = threads.getCurrentThreadCpuTime();
					try {
						serve.serve(accepted);
					}
					catch (IOException | RuntimeException ex) {
						// the client counts failures
					}
					account[0].add(threads.getCurrentThreadCpuTime() - start);
					account[1].increment();
				});
			}
		}, "probe-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private static long sTime(Path dir, int port, String protocol, boolean resumed, int seconds) throws Exception {
		Process process = new ProcessBuilder("openssl", "s_time", "-connect", "127.0.0.1:" + port,
				resumed ? "-reuse" : "-new", "-time", String.valueOf(seconds), "-www", "/", "-CAfile",
				PeerMaterial.ca(dir).toString(), protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		Matcher matcher = S_TIME.matcher(output);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

}
