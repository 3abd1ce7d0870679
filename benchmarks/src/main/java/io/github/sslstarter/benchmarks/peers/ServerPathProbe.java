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
import java.util.Arrays;
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
 * ("raw JSSE" is then raw Conscrypt). Prints a
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
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
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
		Map<String, List<Double>> cpu = new LinkedHashMap<>();
		kinds.forEach((k) -> cpu.put(k, new ArrayList<>()));
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		for (String kind : kinds) {
			sTime(dir, ports.get(kind), protocol, resumed, seconds);
		}
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < kinds.size(); i++) {
				String kind = kinds.get((i + round) % kinds.size());
				long before = os.getProcessCpuTime();
				long connections = sTime(dir, ports.get(kind), protocol, resumed, seconds);
				long used = os.getProcessCpuTime() - before;
				cpu.get(kind).add((connections > 0) ? used / 1000.0 / connections : Double.NaN);
			}
		}
		StringBuilder md = new StringBuilder();
		md.append("Server CPU per connection (µs, median of ").append(rounds).append(" rounds of ").append(seconds)
			.append(" s), ").append(provider).append(", ").append(protocol).append(' ').append(resumed ? "resumed" : "full")
			.append(", ECDSA P-256, under `openssl s_time`; ratio = the variant's CPU over raw JSSE's, per round\n\n");
		md.append("| variant | CPU per connection | × raw JSSE (median, min–max) |\n|---|---|---|\n");
		List<Double> base = cpu.get("raw JSSE");
		for (String kind : kinds) {
			List<Double> ratios = new ArrayList<>();
			for (int i = 0; i < rounds; i++) {
				ratios.add(cpu.get(kind).get(i) / base.get(i));
			}
			double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			md.append("| ").append(kind).append(" | ").append(String.format(Locale.ROOT, "%.0f", median(cpu.get(kind))))
				.append(" | ").append(String.format(Locale.ROOT, "%.3f (%.2f–%.2f)", median(ratios), r[0], r[r.length - 1]))
				.append(" |\n");
		}
		System.out.println(md);
	}

	private static double median(List<Double> values) {
		double[] v = values.stream().filter((d) -> !d.isNaN()).mapToDouble(Double::doubleValue).sorted().toArray();
		return (v.length == 0) ? Double.NaN
				: (v.length % 2 == 1) ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
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

	private static void loop(ServerSocket listener, Serve serve) {
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
					try {
						serve.serve(accepted);
					}
					catch (IOException | RuntimeException ex) {
						// the client counts failures
					}
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
