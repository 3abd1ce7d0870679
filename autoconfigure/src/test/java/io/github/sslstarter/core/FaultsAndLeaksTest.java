package io.github.sslstarter.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.Identities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Bad peers against this project's client and server factories, over loopback: each fault ends
 * in its failure class (or, where JSSE decides, in what it is documented to do here), and after
 * thousands of failed handshakes and bad clients the process holds no more file descriptors or
 * threads than before.
 */
class FaultsAndLeaksTest {

	private static final Duration DEADLINE = Duration.ofSeconds(1);

	private static final TestCertificate ca = TestCertificate.authority("Faults CA");

	private static final TestCertificate localhost = TestCertificate.builder().localhost().signedBy(ca).build();

	private static final ExecutorService peers = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "faulty-peer");
		thread.setDaemon(true);
		return thread;
	});

	private static SslSettings.Builder clientSettings() {
		return SslSettings.builder()
			.name("faults-client")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(DEADLINE)
			.connectTimeout(DEADLINE);
	}

	private static SslSettings.Builder serverSettings(Identity identity) {
		return SslSettings.builder().name("faults-server").identity(identity).handshakeTimeout(DEADLINE);
	}

	private final SslSocketFactory client = new SslSocketFactory(new SslContextFactory(clientSettings().build()));

	/** A plain TCP peer that does one thing with every connection, on at most 8 threads at once. */
	private static final class RawPeer implements AutoCloseable {

		private final ServerSocket server = new ServerSocket(0, 200, InetAddress.getByName("127.0.0.1"));

		RawPeer(Consumer<Socket> behaviour) throws IOException {
			ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
					new ThreadPoolExecutor.CallerRunsPolicy());
			peers.execute(() -> {
				try (ServerSocket server = this.server) {
					while (true) {
						Socket socket = server.accept();
						pool.execute(() -> {
							try (socket) {
								socket.setSoTimeout(5000);
								behaviour.accept(socket);
							}
							catch (IOException ex) {
								// the client is gone
							}
						});
					}
				}
				catch (IOException ex) {
					// closed
				}
				finally {
					pool.shutdownNow();
				}
			});
		}

		int port() {
			return this.server.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			this.server.close();
		}

	}

	/** This project's server: an accept thread and a bounded pool that handshakes, answers and closes. */
	private static final class Server implements AutoCloseable {

		final SslServerSocketFactory factory;

		final ServerSocket socket;

		final ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
				new ThreadPoolExecutor.CallerRunsPolicy());

		final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

		Server(SslSettings settings, ServerSide side) throws IOException {
			this.factory = new SslServerSocketFactory(new SslContextFactory(settings));
			this.socket = this.factory.createServerSocket(0, 200, InetAddress.getByName("127.0.0.1"));
			this.pool.prestartAllCoreThreads();
			peers.execute(() -> {
				while (!this.socket.isClosed()) {
					try {
						SSLSocket accepted = (SSLSocket) this.socket.accept();
						this.pool.execute(() -> {
							try (accepted) {
								accepted.setSoTimeout(5000);
								this.factory.handshake(accepted);
								side.serve(accepted);
								count("served");
							}
							catch (SslConnectionException ex) {
								count(ex.failure().name());
							}
							catch (IOException ex) {
								count(ex.getClass().getSimpleName());
							}
						});
					}
					catch (IOException ex) {
						// closed
					}
				}
			});
		}

		void count(String outcome) {
			this.outcomes.computeIfAbsent(outcome, (k) -> new LongAdder()).increment();
		}

		long total() {
			return this.outcomes.values().stream().mapToLong(LongAdder::sum).sum();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		@Override
		public void close() throws Exception {
			this.socket.close();
			this.pool.shutdown();
			assertThat(this.pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}

	}

	@FunctionalInterface
	interface ServerSide {

		void serve(SSLSocket socket) throws IOException;

	}

	private static final ServerSide echoOneByte = (socket) -> {
		socket.getOutputStream().write(socket.getInputStream().read());
		socket.getOutputStream().flush();
	};

	@AfterAll
	static void stopPeers() {
		peers.shutdownNow();
	}

	private TlsFailure connectFails(SslSocketFactory factory, int port) {
		SslConnectionException ex = catchThrowableOfType(SslConnectionException.class,
				() -> factory.connect("127.0.0.1", port).close());
		assertThat(ex).as("a classified failure").isNotNull();
		System.out.println("FAULT " + ex.failure() + ": " + ex.getMessage().lines().findFirst().orElse(""));
		return ex.failure();
	}

	private static void readQuietly(InputStream in, int bytes) throws IOException {
		for (int i = 0; i < bytes && in.read() >= 0; i++) {
			// consume
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final RawPeerBehaviour closesMidHandshake = (socket) -> readQuietly(socket.getInputStream(), 20);

	private static final RawPeerBehaviour sendsPlaintext = (socket) -> {
		socket.getOutputStream().write("220 mail.example ESMTP ready\r\n".getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		// read until the client gives up: a close with unread bytes would reset what was sent
		readQuietly(socket.getInputStream(), 100_000);
	};

	private static final RawPeerBehaviour sendsGarbage = (socket) -> {
		byte[] garbage = new byte[256];
		// the same noise every time; a first byte with its high bit set would read as an SSLv2 header
		new Random(42).nextBytes(garbage);
		garbage[0] = 0x01;
		socket.getOutputStream().write(garbage);
		socket.getOutputStream().flush();
		readQuietly(socket.getInputStream(), 100_000);
	};

	interface RawPeerBehaviour extends Consumer<Socket> {

		void run(Socket socket) throws IOException;

		@Override
		default void accept(Socket socket) {
			try {
				run(socket);
			}
			catch (IOException ex) {
				// the client gave up
			}
		}

	}

	@Test
	void aPeerThatClosesMidHandshakeIsPeerClosed() throws Exception {
		try (RawPeer peer = new RawPeer(closesMidHandshake)) {
			assertThat(connectFails(this.client, peer.port())).isEqualTo(TlsFailure.PEER_CLOSED);
		}
	}

	@Test
	void aPeerThatStallsTimesOutByTheDeadline() throws Exception {
		try (RawPeer peer = new RawPeer((RawPeerBehaviour) (socket) -> readQuietly(socket.getInputStream(), 100_000))) {
			long start = System.nanoTime();
			assertThat(connectFails(this.client, peer.port())).isEqualTo(TlsFailure.TIMEOUT);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.multipliedBy(3));
		}
	}

	@Test
	void aPeerThatTricklesTimesOutByTheDeadline() throws Exception {
		try (RawPeer peer = new RawPeer((RawPeerBehaviour) (socket) -> {
			OutputStream out = socket.getOutputStream();
			out.write(new byte[] { 0x16, 0x03, 0x03, 0x40, 0x00 });
			for (int i = 0; i < 40; i++) {
				out.write(0x02);
				out.flush();
				sleep(100);
			}
		})) {
			long start = System.nanoTime();
			assertThat(connectFails(this.client, peer.port())).isEqualTo(TlsFailure.TIMEOUT);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.multipliedBy(3));
		}
	}

	@Test
	void aPeerThatSendsPlaintextIsAPlaintextPeer() throws Exception {
		try (RawPeer peer = new RawPeer(sendsPlaintext)) {
			assertThat(connectFails(this.client, peer.port())).isEqualTo(TlsFailure.PLAINTEXT_PEER);
		}
	}

	@Test
	void aPeerThatSendsGarbageIsNotTls() throws Exception {
		try (RawPeer peer = new RawPeer(sendsGarbage)) {
			assertThat(connectFails(this.client, peer.port())).isEqualTo(TlsFailure.PLAINTEXT_PEER);
		}
	}

	@Test
	void aServerHelloOfAnUnknownVersionIsAProtocolVersionFailure() throws Exception {
		// a TLS record holding a ServerHello of version 0x1337: JSSE refuses it (the peer closed nothing)
		try (RawPeer peer = new RawPeer((RawPeerBehaviour) (socket) -> {
			readQuietly(socket.getInputStream(), 1);
			socket.getOutputStream()
				.write(new byte[] { 0x16, 0x03, 0x03, 0x00, 0x08, 0x02, 0x00, 0x00, 0x04, 0x13, 0x37, 0x13, 0x37 });
			socket.getOutputStream().flush();
			readQuietly(socket.getInputStream(), 100);
		})) {
			assertThat(connectFails(this.client, peer.port())).isEqualTo(TlsFailure.PROTOCOL_VERSION);
		}
	}

	@Test
	void tlsToAPlainHttpPortIsAPlaintextPeer() throws Exception {
		// an HTTP server answers a request it cannot parse with 400 and closes
		try (RawPeer peer = new RawPeer((RawPeerBehaviour) (socket) -> {
			readQuietly(socket.getInputStream(), 1);
			socket.getOutputStream().write(
					"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
		})) {
			assertThat(connectFails(this.client, peer.port())).isEqualTo(TlsFailure.PLAINTEXT_PEER);
		}
	}

	private static TestCertificate longChain(int certificates, int subjectPadding) {
		String padding = "x".repeat(subjectPadding);
		TestCertificate issuer = TestCertificate.builder()
			.subject("CN=Long chain root, OU=" + padding)
			.certificateAuthority(certificates)
			.build();
		for (int i = 1; i < certificates - 1; i++) {
			issuer = TestCertificate.builder()
				.subject("CN=Intermediate " + i + ", OU=" + padding)
				.certificateAuthority(certificates - i)
				.signedBy(issuer)
				.build();
		}
		return TestCertificate.builder().localhost().signedBy(issuer).build();
	}

	private TlsFailure connectToServerPresenting(TestCertificate leaf) throws Exception {
		X509Certificate root = leaf.chain().get(leaf.chain().size() - 1);
		SslSocketFactory trusting = new SslSocketFactory(
				new SslContextFactory(clientSettings().trustedCertificates(List.of(root)).build()));
		int bytes = leaf.chain().stream().mapToInt((certificate) -> encoded(certificate).length).sum();
		System.out.println("FAULT chain of " + leaf.chain().size() + " certificates, " + bytes + " bytes");
		try (Server server = new Server(serverSettings(Identities.identity(leaf)).build(), echoOneByte)) {
			return connectFails(trusting, server.port());
		}
	}

	private static byte[] encoded(X509Certificate certificate) {
		try {
			return certificate.getEncoded();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void aChainOfSixtyCertificatesIsRefused() throws Exception {
		// JSSE accepts at most jdk.tls.maxCertificateChainLength (10) certificates from a server
		TestCertificate leaf = longChain(60, 0);
		assertThat(leaf.chain()).hasSize(60);
		assertThat(connectToServerPresenting(leaf)).isEqualTo(TlsFailure.OTHER);
	}

	@Test
	void aChainOfTwoHundredKilobytesIsRefused() throws Exception {
		// JSSE accepts no handshake message over jdk.tls.maxHandshakeMessageSize (32 KiB)
		TestCertificate leaf = longChain(8, 14_000);
		assertThat(connectToServerPresenting(leaf)).isEqualTo(TlsFailure.OTHER);
	}

	@Test
	void aTls12ServerRenegotiatingIsFollowedByTheClient() throws Exception {
		// JSSE answers a HelloRequest with a new handshake (secure renegotiation, RFC 5746), which
		// the reads and writes of both sides carry on; the data goes on intact
		SslSettings settings = serverSettings(Identities.identity(localhost)).protocols("TLSv1.2").build();
		List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (Server server = new Server(settings, (socket) -> {
			socket.addHandshakeCompletedListener((event) -> seen.add("server handshake"));
			OutputStream out = socket.getOutputStream();
			out.write('1');
			out.flush();
			socket.startHandshake();
			for (int i = 0; i < 3; i++) {
				out.write(socket.getInputStream().read());
				out.flush();
			}
		})) {
			try (SSLSocket socket = this.client.connect("127.0.0.1", server.port())) {
				socket.setSoTimeout(5000);
				socket.addHandshakeCompletedListener((event) -> seen.add("client handshake"));
				assertThat(socket.getInputStream().read()).isEqualTo('1');
				for (char c : new char[] { 'a', 'b', 'c' }) {
					socket.getOutputStream().write(c);
					socket.getOutputStream().flush();
					assertThat(socket.getInputStream().read()).isEqualTo(c);
				}
				assertBothHandshakesCompleted(seen, socket, "a TLS 1.2 server");
			}
		}
	}

	@Test
	void aTls12ClientRenegotiatingIsServed() throws Exception {
		// JSSE servers accept a client's renegotiation unless jdk.tls.rejectClientInitiatedRenegotiation
		// is set; the client's startHandshake() only sends its hello, the reads that follow finish it
		SslSettings settings = serverSettings(Identities.identity(localhost)).protocols("TLSv1.2").build();
		List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (Server server = new Server(settings, (accepted) -> {
			accepted.addHandshakeCompletedListener((event) -> seen.add("server handshake"));
			for (int i = 0; i < 2; i++) {
				accepted.getOutputStream().write(accepted.getInputStream().read());
				accepted.getOutputStream().flush();
			}
		})) {
			try (SSLSocket socket = this.client.connect("127.0.0.1", server.port())) {
				socket.setSoTimeout(5000);
				socket.addHandshakeCompletedListener((event) -> seen.add("client handshake"));
				socket.startHandshake();
				for (char c : new char[] { 'r', 'q' }) {
					socket.getOutputStream().write(c);
					socket.getOutputStream().flush();
					assertThat(socket.getInputStream().read()).isEqualTo(c);
				}
				assertBothHandshakesCompleted(seen, socket, "a TLS 1.2 client");
			}
		}
	}

	/** Both sides saw a second handshake complete, and the client's peer is still verified. */
	private void assertBothHandshakesCompleted(List<String> seen, SSLSocket socket, String by) {
		// completion events are delivered on a thread of their own
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (seen.size() < 2 && System.nanoTime() < deadline) {
			sleep(10);
		}
		System.out.println("FAULT renegotiation by " + by + ": data intact, " + seen);
		assertThat(seen).containsExactlyInAnyOrder("client handshake", "server handshake");
		assertThat(this.client.contextFactory().ledger().verified(socket)).isTrue();
	}

	@Test
	void eofWithoutCloseNotifyAfterTheHandshakeIsATruncationForTheReader() throws Exception {
		// the server closes TCP under its TLS socket: no close_notify reaches the client
		try (ServerSocket plain = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
			SslServerSocketFactory server = new SslServerSocketFactory(
					new SslContextFactory(serverSettings(Identities.identity(localhost)).build()));
			Future<?> served = peers.submit(() -> {
				try (Socket accepted = plain.accept()) {
					SSLSocket tls = server.accept(accepted, (socket, first) -> {
					});
					tls.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
					tls.getOutputStream().flush();
					accepted.shutdownOutput();
					readQuietly(accepted.getInputStream(), 1);
				}
				return null;
			});
			try (SSLSocket socket = this.client.connect("127.0.0.1", plain.getLocalPort())) {
				socket.setSoTimeout(5000);
				byte[] hello = socket.getInputStream().readNBytes(5);
				assertThat(new String(hello, StandardCharsets.US_ASCII)).isEqualTo("hello");
				Throwable eof = null;
				int read = 0;
				try {
					read = socket.getInputStream().read();
				}
				catch (IOException ex) {
					eof = ex;
				}
				System.out.println("FAULT EOF without close_notify: read " + ((eof == null) ? "returned " + read : "threw " + eof));
				// JSSE itself returns -1, as after a close_notify: the factories' sockets tell the two apart
				assertThat(eof).as("what the reader sees").isInstanceOf(SslConnectionException.class);
				assertThat(((SslConnectionException) eof).failure()).isEqualTo(TlsFailure.TRUNCATED);
			}
			served.get(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void badClientsAgainstOurServerAreClassifiedAndTheServerGoesOn() throws Exception {
		try (Server server = new Server(serverSettings(Identities.identity(localhost)).build(), echoOneByte)) {
			for (BadClient bad : BadClient.values()) {
				long before = server.total();
				bad.run(server.port());
				awaitOutcomes(server, before + 1);
				System.out.println("FAULT bad client " + bad + " at our server: " + new TreeMap<>(server.outcomes));
			}
			System.out.println("FAULT bad clients against our server: " + new TreeMap<>(server.outcomes));
			assertThat(server.outcomes.keySet()).doesNotContain("served", "OTHER");
			try (SSLSocket socket = this.client.connect("127.0.0.1", server.port())) {
				socket.getOutputStream().write('k');
				assertThat(socket.getInputStream().read()).isEqualTo('k');
			}
		}
	}

	private static void awaitOutcomes(Server server, long count) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (server.total() < count && System.nanoTime() < deadline) {
			sleep(5);
		}
	}

	/** Clients that do not complete a handshake with our server. */
	enum BadClient {

		GARBAGE((socket) -> {
			byte[] garbage = new byte[64];
			new Random(socket.getLocalPort()).nextBytes(garbage);
			garbage[0] = 0x47;
			socket.getOutputStream().write(garbage);
		}),

		PLAINTEXT((socket) -> socket.getOutputStream()
			.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII))),

		CLOSES_IMMEDIATELY((socket) -> {
		}),

		CLOSES_MID_HANDSHAKE((socket) -> socket.getOutputStream()
			.write(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03 })),

		RESETS((socket) -> {
			socket.getOutputStream().write(new byte[] { 0x16, 0x03, 0x01 });
			socket.setSoLinger(true, 0);
		});

		private final RawClient client;

		BadClient(RawClient client) {
			this.client = client;
		}

		void run(int port) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				this.client.run(socket);
				socket.getOutputStream().flush();
			}
			catch (IOException ex) {
				// the server hung up first
			}
		}

	}

	@FunctionalInterface
	interface RawClient {

		void run(Socket socket) throws IOException;

	}

	// ---- leaks ----

	private static long openFileDescriptors() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
	}

	private static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	/** The five kinds of failed handshake of the leak run, each against a peer that makes it fail so. */
	private enum FailedHandshake {
		UNTRUSTED_ISSUER, HOSTNAME_MISMATCH, PLAINTEXT_PEER, PEER_CLOSED, GARBAGE
	}

	@Test
	void thousandsOfFailedHandshakesAndBadClientsLeakNoFileDescriptorsOrThreads() throws Exception {
		int failedHandshakes = Integer.getInteger("faults.handshakes", 10_000);
		int badClients = Integer.getInteger("faults.clients", 5_000);
		TestCertificate stranger = TestCertificate.builder().localhost()
			.signedBy(TestCertificate.authority("Stranger CA")).build();
		TestCertificate elsewhere = TestCertificate.builder().commonName("elsewhere.test").dnsNames("elsewhere.test")
			.signedBy(ca).build();
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try (Server untrusted = new Server(serverSettings(Identities.identity(stranger)).build(), echoOneByte);
				Server mismatched = new Server(serverSettings(Identities.identity(elsewhere)).build(), echoOneByte);
				Server target = new Server(serverSettings(Identities.identity(localhost)).build(), echoOneByte);
				RawPeer plaintext = new RawPeer(sendsPlaintext);
				RawPeer closing = new RawPeer(closesMidHandshake);
				RawPeer garbage = new RawPeer(sendsGarbage)) {
			int[] ports = { untrusted.port(), mismatched.port(), plaintext.port(), closing.port(), garbage.port() };
			Map<String, LongAdder> failures = new ConcurrentHashMap<>();
			Callable<Void> failing = () -> {
				int i = ThreadLocalCounter.next();
				FailedHandshake kind = FailedHandshake.values()[i % 5];
				try {
					this.client.connect("127.0.0.1", ports[kind.ordinal()]).close();
					failures.computeIfAbsent(kind + " -> accepted", (k) -> new LongAdder()).increment();
				}
				catch (SslConnectionException ex) {
					failures.computeIfAbsent(kind + " -> " + ex.failure(), (k) -> new LongAdder()).increment();
				}
				return null;
			};
			Callable<Void> bad = () -> {
				BadClient.values()[ThreadLocalCounter.next() % BadClient.values().length].run(target.port());
				return null;
			};
			// warm up: every lazily started thread (the handshake watchdog, the pools) exists before the baseline
			run(clients, failing, 100);
			run(clients, bad, 50);
			awaitOutcomes(target, 50);
			System.gc();
			sleep(500);
			long fdsBefore = openFileDescriptors();
			int threadsBefore = liveThreads();
			long start = System.nanoTime();
			run(clients, failing, failedHandshakes);
			long badStart = target.total();
			run(clients, bad, badClients);
			awaitOutcomes(target, badStart + badClients);
			long took = System.nanoTime() - start;
			// before any collection: a socket left open would still hold its descriptor here
			long fdsAtOnce = openFileDescriptors();
			int threadsAtOnce = liveThreads();
			long[] after = settle(fdsBefore + 5, threadsBefore + 3);
			System.out.printf("LEAKS %d failed handshakes and %d bad clients in %.1f s%n", failedHandshakes, badClients,
					took / 1e9);
			System.out.println("LEAKS failed handshakes: " + new TreeMap<>(failures));
			System.out.println("LEAKS bad clients at the server: " + new TreeMap<>(target.outcomes));
			System.out.printf("LEAKS file descriptors %d -> %d at once -> %d settled, threads %d -> %d at once -> %d"
					+ " settled (in %d ms, with System.gc())%n", fdsBefore, fdsAtOnce, after[0], threadsBefore,
					threadsAtOnce, after[1], after[2]);
			assertThat(failures.keySet()).containsExactlyInAnyOrder("UNTRUSTED_ISSUER -> UNTRUSTED_ISSUER",
					"HOSTNAME_MISMATCH -> HOSTNAME_MISMATCH", "PLAINTEXT_PEER -> PLAINTEXT_PEER",
					"PEER_CLOSED -> PEER_CLOSED", "GARBAGE -> PLAINTEXT_PEER");
			assertThat(failures.values().stream().mapToLong(LongAdder::sum).sum()).isEqualTo(failedHandshakes + 100);
			assertThat(target.outcomes).containsOnlyKeys("PEER_CLOSED", "PLAINTEXT_PEER");
			assertThat(after[0]).as("open file descriptors").isLessThanOrEqualTo(fdsBefore + 5);
			assertThat(after[1]).as("live threads").isLessThanOrEqualTo(threadsBefore + 3);
			// the server still serves
			try (SSLSocket socket = this.client.connect("127.0.0.1", target.port())) {
				socket.getOutputStream().write('k');
				assertThat(socket.getInputStream().read()).isEqualTo('k');
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

	/** Numbers the calls of the leak run, so that each kind gets its share. */
	private static final class ThreadLocalCounter {

		private static final AtomicInteger counter = new AtomicInteger();

		static int next() {
			return counter.getAndIncrement();
		}

	}

	private static void run(ExecutorService clients, Callable<Void> task, int times) throws Exception {
		List<Callable<Void>> tasks = new ArrayList<>(times);
		for (int i = 0; i < times; i++) {
			tasks.add(task);
		}
		for (Future<Void> result : clients.invokeAll(tasks, 150, TimeUnit.SECONDS)) {
			result.get();
		}
	}

	/** Waits at most 10 s, collecting garbage, for the counts to come down to the bounds. */
	private static long[] settle(long fds, int threads) throws Exception {
		long start = System.nanoTime();
		long deadline = start + Duration.ofSeconds(10).toNanos();
		long open;
		int live;
		do {
			System.gc();
			sleep(100);
			open = openFileDescriptors();
			live = liveThreads();
		}
		while ((open > fds || live > threads) && System.nanoTime() < deadline);
		return new long[] { open, live, (System.nanoTime() - start) / 1_000_000 };
	}

}
