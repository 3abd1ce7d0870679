package io.github.sslstarter.benchmarks.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.conscrypt.Conscrypt;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import nl.altindag.ssl.SSLFactory;

/**
 * The Java clients of the external-peer benchmarks, in one long-lived JVM (so every round runs
 * warm) driven by {@link PeerBench} over stdin, one command a line:
 * <ul>
 * <li>{@code client <kind> <port> <protocol> <seconds>}: one thread, one connection at a time
 * (connect, handshake, one request, read to EOF) with {@code kind}'s client, made once per kind
 * and protocol so its session cache lives on; answers {@code ok <connections> <nanos> <errors>}.</li>
 * <li>{@code load <port> <protocol> <resumed> <clients> <seconds>}: that many raw JSSE clients at
 * once; a full handshake is forced by a session key (the port handed to JSSE) of its own per
 * connection; answers {@code ok <connections> <nanos> <errors> <p50 µs> <p99 µs>} of the handshake
 * latency (connect to handshake done).</li>
 * </ul>
 * Argument: the directory of {@link PeerMaterial}'s files.
 */
public final class PeerClients {

	private static final Map<String, Client> clients = new HashMap<>();

	private static final Map<String, SSLContext> loadContexts = new HashMap<>();

	private static Path dir;

	private PeerClients() {
	}

	interface Client {

		Socket connect(int port) throws IOException;

	}

	public static void main(String[] args) throws Exception {
		dir = Path.of(args[0]);
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in));
		System.out.println("READY");
		for (String line; (line = commands.readLine()) != null;) {
			String[] c = line.trim().split("\\s+");
			try {
				String answer = switch (c[0]) {
					case "client" -> client(c[1], Integer.parseInt(c[2]), c[3], Double.parseDouble(c[4]));
					case "load" -> load(Integer.parseInt(c[1]), c[2], c[3].equals("1"), Integer.parseInt(c[4]),
							Double.parseDouble(c[5]));
					default -> "error unknown command " + c[0];
				};
				System.out.println(answer);
			}
			catch (Exception ex) {
				System.out.println("error " + ex.toString().replace('\n', ' '));
			}
			System.out.flush();
		}
	}

	private static String client(String kind, int port, String protocol, double seconds) throws Exception {
		Client client = clients.computeIfAbsent(kind + " " + protocol, (k) -> make(kind, protocol));
		long end = System.nanoTime() + (long) (seconds * 1e9);
		long start = System.nanoTime();
		int count = 0;
		int errors = 0;
		while (System.nanoTime() < end) {
			try (Socket socket = client.connect(port)) {
				if (PeerMaterial.request(socket) > 0) {
					count++;
				}
				else {
					errors++;
				}
			}
			catch (IOException ex) {
				if (errors++ == 0) {
					System.err.println("[peer-clients] " + kind + " " + protocol + ": " + ex);
				}
			}
		}
		return "ok " + count + " " + (System.nanoTime() - start) + " " + errors;
	}

	private static Client make(String kind, String protocol) {
		try {
			switch (kind) {
				case "project-jdk", "project-conscrypt" -> {
					SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
						.name(kind)
						.provider(kind.equals("project-conscrypt") ? "conscrypt" : "jdk")
						.protocols(protocol)
						.trustedCertificates(PeerMaterial.certificates(PeerMaterial.ca(dir)))
						.trustSystemDefaults(false)
						.build()));
					return (port) -> factory.connect(PeerMaterial.HOST, port);
				}
				case "raw-jsse", "raw-conscrypt" -> {
					java.security.Provider provider = kind.equals("raw-conscrypt") ? Conscrypt.newProvider() : null;
					SSLContext context = (provider != null) ? SSLContext.getInstance("TLS", provider)
							: SSLContext.getInstance("TLS");
					context.init(null, PeerMaterial.trust(dir, provider).getTrustManagers(), new SecureRandom());
					SSLSocketFactory sockets = context.getSocketFactory();
					return (port) -> raw(sockets, port, port, protocol);
				}
				case "kickstart" -> {
					// its README's way, over a plain socket with TCP_NODELAY as every other Java client has it
					// (at its defaults, Nagle holds the request back until the server's delayed ACK: ~22/s)
					SSLSocketFactory sockets = SSLFactory.builder()
						.withTrustMaterial(PeerMaterial.certificates(PeerMaterial.ca(dir)))
						.withProtocols(protocol)
						.build()
						.getSslSocketFactory();
					return (port) -> {
						Socket plain = new Socket();
						plain.setTcpNoDelay(true);
						plain.connect(new InetSocketAddress(PeerMaterial.HOST, port), 10_000);
						SSLSocket socket = (SSLSocket) sockets.createSocket(plain, PeerMaterial.HOST, port, true);
						socket.startHandshake();
						return socket;
					};
				}
				default -> throw new IllegalArgumentException("unknown client " + kind);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Raw JSSE as a careful user writes it: TCP_NODELAY, HTTPS endpoint identification, SNI. */
	static SSLSocket raw(SSLSocketFactory sockets, int port, int sessionPort, String protocol)
			throws IOException {
		Socket plain = new Socket();
		plain.setTcpNoDelay(true);
		plain.connect(new InetSocketAddress(PeerMaterial.HOST, port), 10_000);
		SSLSocket socket = (SSLSocket) sockets.createSocket(plain, PeerMaterial.HOST, sessionPort, true);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		parameters.setProtocols(new String[] { protocol });
		socket.setSSLParameters(parameters);
		socket.startHandshake();
		return socket;
	}

	private static String load(int port, String protocol, boolean resumed, int concurrency, double seconds)
			throws Exception {
		SSLContext context = loadContexts.computeIfAbsent(protocol + " " + resumed + " " + port, (k) -> {
			try {
				SSLContext c = SSLContext.getInstance("TLS");
				c.init(null, PeerMaterial.trust(dir).getTrustManagers(), new SecureRandom());
				return c;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		SSLSocketFactory sockets = context.getSocketFactory();
		AtomicInteger errors = new AtomicInteger();
		AtomicInteger sessionKeys = new AtomicInteger();
		List<long[]> latencies = new ArrayList<>();
		int[] counts = new int[concurrency];
		CountDownLatch ready = new CountDownLatch(concurrency);
		CountDownLatch go = new CountDownLatch(1);
		long[] window = new long[2];
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < concurrency; t++) {
			long[] mine = new long[1 << 14];
			latencies.add(mine);
			int index = t;
			Thread thread = new Thread(() -> {
				ready.countDown();
				try {
					go.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				long[] samples = mine;
				int n = 0;
				while (System.nanoTime() < window[1]) {
					// full: a session key never used before, so JSSE has nothing to offer
					int sessionPort = resumed ? port : 1 + (sessionKeys.incrementAndGet() % 60000);
					long begin = System.nanoTime();
					try (SSLSocket socket = raw(sockets, port, sessionPort, protocol)) {
						long took = System.nanoTime() - begin;
						if (PeerMaterial.request(socket) > 0) {
							if (n == samples.length) {
								samples = Arrays.copyOf(samples, n * 2);
								latencies.set(index, samples);
							}
							samples[n++] = took;
						}
						else {
							errors.incrementAndGet();
						}
						if (!resumed) {
							socket.getSession().invalidate();
						}
					}
					catch (IOException ex) {
						if (errors.getAndIncrement() == 0) {
							System.err.println("[peer-clients] load " + port + " " + protocol + ": " + ex);
						}
					}
				}
				counts[index] = n;
			}, "peer-load");
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		ready.await();
		window[0] = System.nanoTime();
		window[1] = window[0] + (long) (seconds * 1e9);
		go.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		long elapsed = System.nanoTime() - window[0];
		int total = 0;
		for (int c : counts) {
			total += c;
		}
		long[] all = new long[total];
		int at = 0;
		for (int t = 0; t < concurrency; t++) {
			System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
			at += counts[t];
		}
		Arrays.sort(all);
		long p50 = (total == 0) ? 0 : all[(int) Math.min(total - 1, Math.floor(total * 0.50))] / 1000;
		long p99 = (total == 0) ? 0 : all[(int) Math.min(total - 1, Math.floor(total * 0.99))] / 1000;
		return "ok " + total + " " + elapsed + " " + errors.get() + " " + p50 + " " + p99;
	}

}
