package io.github.sslstarter.core;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.Identities;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load and soak: many handshakes from hundreds of concurrent clients through one client context
 * into one server of this project's {@link SslServerSocketFactory} with a bounded accept pool;
 * full and resumed, TLS 1.2 and 1.3, two names through the one context. Zero unexpected errors,
 * every connection verified for its own name (a third name the certificate lacks always fails,
 * resumed session or not), and the heap flat with bounded session caches.
 * <p>
 * The count is {@code -Dsoak.handshakes} (default 6,000 in CI; the long run is 100,000:
 * {@code ./mvnw -pl test-support,autoconfigure test -Dtest=SoakTest -Dsoak.handshakes=100000
 * -Dsurefire.failIfNoSpecifiedTests=false}).
 */
class SoakTest {

	private static final int HANDSHAKES = Integer.getInteger("soak.handshakes", 6_000);

	private static final int CLIENTS = Integer.getInteger("soak.clients", 200);

	private static final int SERVER_THREADS = 16;

	private static final int SESSION_CACHE = 1000;

	/** Used heap after GC may grow by at most this much between 10 % and 100 % of the run. */
	private static final long HEAP_GROWTH_BOUND = 32L * 1024 * 1024;

	/** The server switches between TLS 1.2 only and TLS 1.2 + 1.3 every this many connections. */
	private static final int PROTOCOL_BLOCK = 500;

	private static final TestCertificate ca = TestCertificate.authority("Soak CA");

	/** Names given per call that are used once in a while: more than the session cache holds. */
	private static final int COLD_NAMES = 3000;

	private static final TestCertificate both = TestCertificate.builder()
		.commonName("a.test")
		.dnsNames("a.test", "b.test", "*.soak.test")
		.ipAddresses()
		.signedBy(ca)
		.build();

	/** One server: an accept thread and a bounded pool that handshakes, answers one byte and closes. */
	private static final class Server implements AutoCloseable {

		final ServerSocket socket;

		final ThreadPoolExecutor pool = new ThreadPoolExecutor(SERVER_THREADS, SERVER_THREADS, 0, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(1024), new ThreadPoolExecutor.CallerRunsPolicy());

		final AtomicLong accepted = new AtomicLong();

		final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

		private final Thread acceptor;

		Server(SslServerSocketFactory factory) throws IOException {
			this.socket = factory.createServerSocket(0, 1024, InetAddress.getByName("127.0.0.1"));
			this.acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try {
						SSLSocket accepted = (SSLSocket) this.socket.accept();
						long n = this.accepted.getAndIncrement();
						if ((n / PROTOCOL_BLOCK) % 2 == 1) {
							accepted.setEnabledProtocols(new String[] { "TLSv1.2" });
						}
						this.pool.execute(() -> serve(factory, accepted));
					}
					catch (IOException ex) {
						// closed
					}
				}
			}, "soak-acceptor");
			this.acceptor.start();
		}

		private void serve(SslServerSocketFactory factory, SSLSocket accepted) {
			try (accepted) {
				accepted.setSoTimeout(10_000);
				factory.handshake(accepted);
				int read = accepted.getInputStream().read();
				accepted.getOutputStream().write(read);
				accepted.getOutputStream().flush();
				// the server closes first: TIME_WAIT stays on its side, not on the clients' ports
			}
			catch (SslConnectionException ex) {
				this.failures.computeIfAbsent("server " + ex.failure(), (k) -> new LongAdder()).increment();
			}
			catch (IOException ex) {
				this.failures.computeIfAbsent("server " + ex.getClass().getSimpleName(), (k) -> new LongAdder())
					.increment();
			}
		}

		int port() {
			return this.socket.getLocalPort();
		}

		@Override
		public void close() throws Exception {
			this.socket.close();
			this.acceptor.join(5000);
			this.pool.shutdown();
			this.pool.awaitTermination(10, TimeUnit.SECONDS);
		}

	}

	private static long sessions(javax.net.ssl.SSLSessionContext sessions) {
		return java.util.Collections.list(sessions.getIds()).size();
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(50);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	@Test
	void manyConcurrentHandshakesThroughOneContextWithoutErrorsOrCrossVerificationAndWithAFlatHeap()
			throws Exception {
		SslContextFactory serverContext = new SslContextFactory(SslSettings.builder()
			.name("soak-server")
			.identity(Identities.identity(both))
			.protocols("TLSv1.2:TLSv1.3")
			.sessionCacheSize(SESSION_CACHE)
			.build());
		SslContextFactory clientContext = new SslContextFactory(SslSettings.builder()
			.name("soak-client")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.protocols("TLSv1.2:TLSv1.3")
			.sessionCacheSize(SESSION_CACHE)
			.handshakeTimeout(Duration.ofSeconds(20))
			.build());
		SslSocketFactory client = new SslSocketFactory(clientContext);
		Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
		Map<String, LongAdder> unexpected = new ConcurrentHashMap<>();
		AtomicInteger next = new AtomicInteger();
		AtomicInteger done = new AtomicInteger();
		long[] heap = new long[2];
		CountDownLatch tenPercent = new CountDownLatch(1);
		CountDownLatch measured = new CountDownLatch(1);
		long started;
		long took;
		try (Server server = new Server(new SslServerSocketFactory(serverContext))) {
			ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
			started = System.nanoTime();
			for (int t = 0; t < CLIENTS; t++) {
				clients.execute(() -> {
					for (int i = next.getAndIncrement(); i < HANDSHAKES; i = next.getAndIncrement()) {
						String outcome = handshake(client, clientContext, server.port(), i);
						(outcome.startsWith("unexpected") ? unexpected : outcomes)
							.computeIfAbsent(outcome, (k) -> new LongAdder())
							.increment();
						if (done.incrementAndGet() == HANDSHAKES / 10) {
							tenPercent.countDown();
						}
						if (i == HANDSHAKES / 10) {
							// hold one client while the heap is measured, the others go on
							try {
								measured.await(30, TimeUnit.SECONDS);
							}
							catch (InterruptedException ex) {
								Thread.currentThread().interrupt();
							}
						}
					}
				});
			}
			// bounded: at least 20 handshakes a second, however loaded the machine
			long limit = Math.max(170, HANDSHAKES / 20);
			assertThat(tenPercent.await(limit, TimeUnit.SECONDS)).as("10 %% done in time").isTrue();
			heap[0] = usedHeapAfterGc();
			measured.countDown();
			clients.shutdown();
			assertThat(clients.awaitTermination(limit, TimeUnit.SECONDS)).as("all done in time").isTrue();
			took = System.nanoTime() - started;
			heap[1] = usedHeapAfterGc();
			// a c.test client refuses the server's certificate: the server sees the alert, or the close
			long refused = outcomes.getOrDefault("c.test refused", new LongAdder()).sum();
			long serverSawRefusals = 0;
			for (Map.Entry<String, LongAdder> failure : server.failures.entrySet()) {
				if (failure.getKey().equals("server " + TlsFailure.CERTIFICATE_REJECTED_BY_PEER)
						|| failure.getKey().equals("server " + TlsFailure.PEER_CLOSED)) {
					serverSawRefusals += failure.getValue().sum();
				}
				else {
					unexpected.put(failure.getKey(), failure.getValue());
				}
			}
			if (serverSawRefusals != refused) {
				unexpected.computeIfAbsent("unexpected: the server saw " + serverSawRefusals + " refusals of "
						+ refused, (k) -> new LongAdder()).increment();
			}
			// sessions verified for names given per call live in the context for other names
			long clientSessions = sessions(clientContext.sslContextForOtherNames().getClientSessionContext());
			long serverSessions = sessions(serverContext.sslContext().getServerSessionContext());
			double seconds = took / 1e9;
			System.out.printf("SOAK %d handshakes, %d clients, %d server threads in %.1f s: %.0f handshakes/s%n",
					HANDSHAKES, CLIENTS, SERVER_THREADS, seconds, HANDSHAKES / seconds);
			System.out.println("SOAK outcomes " + new java.util.TreeMap<>(outcomes));
			System.out.println("SOAK unexpected " + new java.util.TreeMap<>(unexpected));
			System.out.printf("SOAK used heap after GC: %.1f MB at 10 %%, %.1f MB at 100 %% (growth %+.1f MB)%n",
					heap[0] / 1048576.0, heap[1] / 1048576.0, (heap[1] - heap[0]) / 1048576.0);
			System.out.println("SOAK session caches hold: client " + clientSessions + ", server " + serverSessions
					+ " (size " + SESSION_CACHE + ", " + (COLD_NAMES + 2) + " names); server failures "
					+ new java.util.TreeMap<>(server.failures));
			assertThat(unexpected).as("unexpected errors").isEmpty();
			assertThat(outcomes.keySet()).contains("TLSv1.2 full", "TLSv1.2 resumed", "TLSv1.3 full",
					"TLSv1.3 resumed", "c.test refused");
			assertThat(heap[1] - heap[0]).as("heap growth").isLessThan(HEAP_GROWTH_BOUND);
			assertThat(clientSessions).isLessThanOrEqualTo(SESSION_CACHE);
			assertThat(serverSessions).isLessThanOrEqualTo(SESSION_CACHE);
		}
	}

	/**
	 * One connection: every other one a.test or b.test (hot: mostly resumed), the others one of
	 * {@value #COLD_NAMES} names n*.soak.test (cold: full, their sessions pushed out of the
	 * cache), and every 50th c.test, which the certificate lacks and must fail; every 7th drops
	 * its session so that the next of its name is full.
	 */
	private static String handshake(SslSocketFactory client, SslContextFactory context, int port, int i) {
		String name = (i % 50 == 49) ? "c.test" : (i % 4 == 0) ? "a.test" : (i % 4 == 2) ? "b.test"
				: "n" + (i % COLD_NAMES) + ".soak.test";
		try (SSLSocket socket = client.connect("127.0.0.1", port, name, name)) {
			if (name.equals("c.test")) {
				return "unexpected: c.test accepted, verified for " + context.ledger().verifiedName(socket);
			}
			if (!name.equals(context.ledger().verifiedName(socket))) {
				return "unexpected: " + name + " verified for " + context.ledger().verifiedName(socket);
			}
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(i & 0x7f);
			socket.getOutputStream().flush();
			if (socket.getInputStream().read() != (i & 0x7f)) {
				return "unexpected: wrong answer";
			}
			String protocol = socket.getSession().getProtocol();
			boolean resumed = client.reused(socket);
			if (i % 7 == 0) {
				socket.getSession().invalidate();
			}
			return protocol + (resumed ? " resumed" : " full");
		}
		catch (SslConnectionException ex) {
			if (name.equals("c.test") && ex.failure() == TlsFailure.HOSTNAME_MISMATCH) {
				return "c.test refused";
			}
			return "unexpected: " + name + " " + ex.failure() + " " + ex.getMessage();
		}
		catch (IOException ex) {
			return "unexpected: " + name + " " + ex;
		}
	}

}
