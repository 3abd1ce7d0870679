package io.github.sslstarter.core;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.github.sslstarter.actuate.TlsMetrics;

/**
 * The bookkeeping this project adds to every handshake, each part measured alone (the
 * handshake benchmarks' error bars are far wider): the ledger's writes and reads of one
 * connection (as {@code Handshakes} and the trust manager make them), the handshake event into
 * {@link TlsMetrics}, and the deadline's set and cancel. The ledger holds {@code live}
 * other connections meanwhile, keyed by real JSSE sockets (unconnected ones: the ledger keys by
 * identity and never touches them). In this package because the ledger's writers are package
 * private. Run with {@code -t 1} and {@code -t 16} to see contention on the shared maps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BookkeepingBenchmark {

	@Param({ "1", "10000" })
	public int live;

	private ConnectionLedger ledger;

	private TlsMetrics metrics;

	private HandshakeEvent event;

	private SSLContext context;

	private final List<SSLSocket> held = new ArrayList<>();

	private final ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1);

	private SslContextFactory jdk;

	private SslContextFactory conscrypt;

	private SSLSocket jdkSocket;

	private SSLSocket conscryptSocket;

	@State(Scope.Thread)
	public static class Connection {

		SSLSocket socket;

		@Setup(Level.Iteration)
		public void open(BookkeepingBenchmark bench) throws IOException {
			this.socket = (SSLSocket) bench.context.getSocketFactory().createSocket();
		}

		@TearDown(Level.Iteration)
		public void close() throws IOException {
			this.socket.close();
		}

	}

	@Setup
	public void setUp() throws NoSuchAlgorithmException, IOException, java.security.KeyManagementException {
		this.context = SSLContext.getInstance("TLS");
		this.context.init(null, null, null);
		this.ledger = new ConnectionLedger("bench");
		for (int i = 0; i < this.live; i++) {
			SSLSocket socket = (SSLSocket) this.context.getSocketFactory().createSocket();
			this.held.add(socket);
			this.ledger.beginHandshake(socket, "localhost:" + i);
		}
		this.metrics = new TlsMetrics(new SimpleMeterRegistry());
		this.event = new HandshakeEvent("bench", false, "127.0.0.1", 50000, "TLSv1.3", "TLS_AES_128_GCM_SHA256", false,
				Duration.ofMillis(2), null);
		this.watchdog.setRemoveOnCancelPolicy(true);
		io.github.sslstarter.test.TestCertificate ca = io.github.sslstarter.test.TestCertificate.authority("Bench CA");
		io.github.sslstarter.test.TestCertificate leaf = io.github.sslstarter.test.TestCertificate.builder()
			.localhost()
			.signedBy(ca)
			.build();
		this.jdk = context("jdk", ca, leaf);
		this.conscrypt = context("conscrypt", ca, leaf);
		this.jdkSocket = (SSLSocket) this.jdk.jsseContext().getSocketFactory().createSocket();
		this.conscryptSocket = (SSLSocket) this.conscrypt.jsseContext().getSocketFactory().createSocket();
		this.conscryptSocket.setUseClientMode(false);
	}

	private static SslContextFactory context(String provider, io.github.sslstarter.test.TestCertificate ca,
			io.github.sslstarter.test.TestCertificate leaf) {
		return new SslContextFactory(SslSettings.builder()
			.name("bench-" + provider)
			.provider(provider)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.identity(io.github.sslstarter.material.Identity.of(leaf.privateKey(), List.of(leaf.certificate())))
			.build());
	}

	/** A client socket's parameters and its SNI name, as every connect applies them (JDK). */
	@Benchmark
	public SSLSocket clientParametersJdk() {
		this.jdk.socketParameters().applyClient(this.jdkSocket, "localhost", null);
		return this.jdkSocket;
	}

	/** The same on Conscrypt. */
	@Benchmark
	public SSLSocket clientParametersConscrypt() {
		this.conscrypt.socketParameters().applyClient(this.conscryptSocket, "localhost", null);
		return this.conscryptSocket;
	}

	/** What a Conscrypt server applies to each accepted socket ({@code ConscryptServers.prepareAccepted}). */
	@Benchmark
	public SSLSocket serverParametersConscrypt() {
		this.conscrypt.socketParameters().applyServer(this.conscryptSocket);
		return this.conscryptSocket;
	}

	@TearDown
	public void tearDown() throws IOException {
		for (SSLSocket socket : this.held) {
			socket.close();
		}
		this.watchdog.shutdownNow();
		this.jdkSocket.close();
		this.conscryptSocket.close();
	}

	/** What one full client handshake writes to and reads from the ledger. */
	@Benchmark
	public boolean ledgerPerHandshake(Connection connection) {
		SSLSocket socket = connection.socket;
		this.ledger.beginHandshake(socket, HostNames.peer("localhost", 443));
		this.ledger.peerVerified(socket, "localhost");
		this.ledger.certificateRequestedButMissing(socket, false);
		boolean verified = this.ledger.verified(socket);
		this.ledger.handshakeDone(socket, !verified);
		return this.ledger.offeredAnotherSession(socket) || verified;
	}

	/** The {@code tls.handshake} timer's record of one handshake. */
	@Benchmark
	public void metricsPerHandshake() {
		this.metrics.handshake(this.event);
	}

	/** The handshake deadline: set before, cancelled after ({@link Deadlines}). */
	@Benchmark
	public boolean deadlinePerHandshake() {
		return Deadlines.after(10_000, () -> {
		}).cancel();
	}

	/**
	 * The same with a {@code ScheduledThreadPoolExecutor}, as before {@link Deadlines} (its
	 * thread's wake-up for each new earliest task is not in this figure: it runs on that thread).
	 */
	@Benchmark
	public boolean scheduledExecutorPerHandshake() {
		ScheduledFuture<?> deadline = this.watchdog.schedule(() -> {
		}, 10, TimeUnit.SECONDS);
		return deadline.cancel(false);
	}

}
