package io.github.sslstarter.benchmarks.peers;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import org.conscrypt.Conscrypt;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.test.TestCertificate;

/**
 * This project's client path beside the raw one, measured as the CPU of the connecting thread
 * per connection (connect, handshake, one request, read to EOF, close), against one
 * {@code openssl s_server -www} (whose CPU is not in the figure). The clients take turns, one
 * connection at a time (A, B, A, B, ...), so a slower moment of the machine touches both alike.
 * Work on other threads (GC, JIT, the deadline keeper) is not in it.
 * <p>
 * Options: {@code --rounds 5 --connections 2000 --protocol TLSv1.3 --mode full|resumed
 * --provider jdk|conscrypt}; {@code -Dprobe.parts=true} adds this project with {@code verify.scheme: none}
 * and with {@code security-level: 0}. Prints a Markdown table.
 */
public final class ClientPathProbe {

	private ClientPathProbe() {
	}

	interface Client {

		Socket connect(int port) throws IOException;

	}

	private static Client project(String name, String provider, String protocol, Path ca,
			java.util.function.Consumer<SslSettings.Builder> customizer) throws Exception {
		SslSettings.Builder settings = SslSettings.builder()
			.name(name)
			.provider(provider)
			.protocols(protocol)
			.trustedCertificates(PeerMaterial.certificates(ca))
			.trustSystemDefaults(false);
		customizer.accept(settings);
		io.github.sslstarter.core.SslSocketFactory factory = new io.github.sslstarter.core.SslSocketFactory(
				new SslContextFactory(settings.build()));
		return (port) -> factory.connect(PeerMaterial.HOST, port);
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = PeerBench.options(args);
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
		int connections = Integer.parseInt(options.getOrDefault("connections", "2000"));
		String protocol = options.getOrDefault("protocol", "TLSv1.3");
		boolean resumed = options.getOrDefault("mode", "full").equals("resumed");
		String provider = options.getOrDefault("provider", "jdk");
		Path dir = Files.createTempDirectory("client-probe");
		TestCertificate ca = TestCertificate.authority("Probe CA");
		ca.writeCertificate(PeerMaterial.ca(dir));
		TestCertificate.builder().localhost().signedBy(ca).build().writeTo(dir, "ec");
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-quiet", "-accept", "127.0.0.1:" + port,
				"-cert", PeerMaterial.chain(dir, "ec").toString(), "-key", PeerMaterial.privateKey(dir, "ec").toString(),
				"-www", protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2"));
		if (!resumed) {
			command.addAll(List.of("-no_cache", "-no_ticket"));
		}
		Process server = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			PeerBench.awaitPort(port);
			Map<String, Client> clients = new LinkedHashMap<>();
			java.security.Provider conscrypt = provider.equals("conscrypt") ? Conscrypt.newProvider() : null;
			SSLContext raw = (conscrypt != null) ? SSLContext.getInstance("TLS", conscrypt) : SSLContext.getInstance("TLS");
			raw.init(null, PeerMaterial.trust(dir, conscrypt).getTrustManagers(), new SecureRandom());
			SSLSocketFactory rawSockets = raw.getSocketFactory();
			clients.put("raw", (p) -> PeerClients.raw(rawSockets, p, p, protocol));
			Path caFile = PeerMaterial.ca(dir);
			clients.put("this project", project("probe", provider, protocol, caFile, (settings) -> {
			}));
			if (Boolean.getBoolean("probe.parts")) {
				// the project's trust-manager steps left out one at a time, to see what a difference is made of
				clients.put("this project, verify.scheme none", project("probe-no-name", provider, protocol, caFile,
						(settings) -> settings.verifyScheme(io.github.sslstarter.verify.HostnameScheme.NONE)));
				clients.put("this project, security-level 0", project("probe-level-0", provider, protocol, caFile,
						(settings) -> settings.securityLevel(0)));
			}
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			List<String> kinds = new ArrayList<>(clients.keySet());
			Map<String, List<Double>> perRound = new LinkedHashMap<>();
			kinds.forEach((k) -> perRound.put(k, new ArrayList<>()));
			for (int round = -1; round < rounds; round++) {
				long[] cpu = new long[kinds.size()];
				int[] count = new int[kinds.size()];
				for (int i = 0; i < connections; i++) {
					for (int k = 0; k < kinds.size(); k++) {
						int which = (i + k) % kinds.size();
						long start = threads.getCurrentThreadCpuTime();
						try (Socket socket = clients.get(kinds.get(which)).connect(port)) {
							if (PeerMaterial.request(socket) > 0) {
								count[which]++;
							}
						}
						cpu[which] += threads.getCurrentThreadCpuTime() - start;
					}
				}
				if (round >= 0) {
					for (int k = 0; k < kinds.size(); k++) {
						perRound.get(kinds.get(k)).add((count[k] > 0) ? cpu[k] / 1000.0 / count[k] : Double.NaN);
					}
				}
			}
			StringBuilder md = new StringBuilder();
			md.append("Client CPU per connection on the connecting thread (µs, median of ").append(rounds)
				.append(" rounds of ").append(connections).append(" connections per client, the clients in turn), ")
				.append(provider).append(", ").append(protocol).append(' ').append(resumed ? "resumed" : "full")
				.append(", ECDSA P-256, against `openssl s_server -www`; ratio = this project's CPU over raw's, per round\n\n");
			md.append("| client | CPU µs | × raw (median, min–max) |\n|---|---|---|\n");
			for (String kind : kinds) {
				List<Double> ratios = new ArrayList<>();
				for (int i = 0; i < rounds; i++) {
					ratios.add(perRound.get(kind).get(i) / perRound.get("raw").get(i));
				}
				double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
				md.append("| ").append(kind).append(" | ")
					.append(String.format(Locale.ROOT, "%.0f | %.3f (%.2f–%.2f)", PeerBench.median(perRound.get(kind)),
							PeerBench.median(ratios), r[0], r[r.length - 1]))
					.append(" |\n");
			}
			System.out.println(md);
		}
		finally {
			server.destroy();
		}
	}

}
