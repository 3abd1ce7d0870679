package io.github.sslstarter.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.HandshakeCompletedEvent;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.testing.Identities;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.RunningTool;
import io.github.sslstarter.testing.TestTlsServer;
import io.github.sslstarter.testing.TestTlsServer.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sockets the factories return classify the failures of their first reads and writes by
 * themselves, with what the context knows of the connection, so that nobody calls
 * {@code classify()} by hand; they are still {@link SSLSocket}s to whoever casts them.
 */
class FirstIoClassificationTest {

	private static final TestCertificate ca = TestCertificate.authority("First IO CA");

	@TempDir
	Path dir;

	private static SslContextFactory server(ClientAuth clientAuth) {
		return new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(Identities.identity(TestCertificate.builder().localhost().signedBy(ca).build()))
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.clientAuth(clientAuth)
			.build());
	}

	private static SslSettings.Builder client() {
		return SslSettings.builder()
			.name("client")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(5));
	}

	private static SslSocketFactory factory(SslSettings.Builder settings) {
		return new SslSocketFactory(new SslContextFactory(settings.build()));
	}

	private static String echo(Socket socket, String line) throws IOException {
		socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
	}

	@Test
	void aTls13ServerThatNeedsACertificateWeLackIsClientCertificateRequiredOnTheFirstRead() throws Exception {
		SslSocketFactory factory = factory(client().protocols("TLSv1.3"));
		try (TestTlsServer server = TestTlsServer.start(server(ClientAuth.NEED));
				SSLSocket socket = factory.connect("localhost", server.port())) {
			// the client's handshake is over before the server looks at the (missing) certificate
			assertThatExceptionOfType(SslConnectionException.class).isThrownBy(() -> echo(socket, "x"))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.CLIENT_CERTIFICATE_REQUIRED))
				.withMessageContaining("localhost:" + server.port())
				.withMessageContaining("Action: " + TlsFailure.CLIENT_CERTIFICATE_REQUIRED.action());
			assertThat(factory.contextFactory().ledger().failure(socket))
				.isEqualTo(TlsFailure.CLIENT_CERTIFICATE_REQUIRED);
		}
	}

	@Test
	void opensslServerWithVerifyOneRefusingAMissingCertificateIsClassifiedOnTheFirstRead() throws Exception {
		ExternalTool tool = ExternalTool.openssl().require();
		TestCertificate.PemFiles identity = TestCertificate.builder().localhost().signedBy(ca).build()
			.writeTo(this.dir, "server");
		Path caFile = ca.writeCertificate(this.dir.resolve("ca.pem"));
		int port = ExternalTool.freePort();
		try (RunningTool openssl = tool.in(this.dir).start("s_server", "-accept", "127.0.0.1:" + port, "-cert",
				identity.chain().toString(), "-key", identity.privateKey().toString(), "-CAfile", caFile.toString(),
				"-Verify", "1", "-tls1_3", "-www")) {
			openssl.awaitOutput("ACCEPT", Duration.ofSeconds(10));
			try (SSLSocket socket = factory(client()).connect("localhost", port)) {
				assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
				socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				assertThatExceptionOfType(SslConnectionException.class)
					.isThrownBy(() -> socket.getInputStream().read())
					.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.CLIENT_CERTIFICATE_REQUIRED))
					.withMessageContaining("Action:");
			}
		}
	}

	@Test
	void aPeerThatResetsTheConnectionAfterTheHandshakeIsClassifiedOnTheFirstRead() throws Exception {
		try (ResettingServer server = new ResettingServer(Duration.ZERO);
				SSLSocket socket = factory(client()).connect("localhost", server.port())) {
			assertThatExceptionOfType(SslConnectionException.class).isThrownBy(() -> socket.getInputStream().read())
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.PEER_CLOSED))
				.withMessageContaining("localhost:" + server.port());
		}
	}

	@Test
	void aWriteFailureIsClassified() throws Exception {
		try (ResettingServer server = new ResettingServer(Duration.ZERO);
				SSLSocket socket = factory(client()).connect("localhost", server.port())) {
			server.awaitReset();
			byte[] chunk = new byte[16384];
			assertThatExceptionOfType(SslConnectionException.class).isThrownBy(() -> {
				OutputStream out = socket.getOutputStream();
				for (int i = 0; i < 1000; i++) {
					out.write(chunk);
					Thread.sleep(1);
				}
			}).satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.PEER_CLOSED));
		}
	}

	@Test
	void aReadTimeoutOnTheFirstReadIsPassedOnAsItIsAndTheSocketStaysUsable() throws Exception {
		try (TestTlsServer server = TestTlsServer.start(server(ClientAuth.NONE));
				SSLSocket socket = factory(client()).connect("localhost", server.port())) {
			socket.setSoTimeout(200);
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> socket.getInputStream().read())
				.isNotInstanceOf(SslConnectionException.class);
			socket.setSoTimeout(5000);
			assertThat(echo(socket, "still here")).isEqualTo("still here");
		}
	}

	@Test
	void afterTheFirstReadAFailureIsPassedOnAsItIs() throws Exception {
		try (ResettingServer server = new ResettingServer(Duration.ofMillis(1));
				SSLSocket socket = factory(client()).connect("localhost", server.port())) {
			// the server sends one byte, then resets the connection
			assertThat(socket.getInputStream().read()).isEqualTo('!');
			server.awaitReset();
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> {
				InputStream in = socket.getInputStream();
				while (in.read() >= 0) {
					// until the reset arrives
				}
				throw new AssertionError("read the end of the stream instead of the reset");
			}).isNotInstanceOf(SslConnectionException.class);
		}
	}

	@Test
	void anUnconnectedSocketRunsItsHandshakeOnFirstUseClassifiedAndReported() throws Exception {
		List<HandshakeEvent> events = new CopyOnWriteArrayList<>();
		SslContextFactory context = new SslContextFactory(client().build());
		SslSocketFactory factory = new SslSocketFactory(context, events::add);
		Identity other = Identities.identity(TestCertificate.builder().commonName("other.example").dnsNames("other.example").ipAddresses().signedBy(ca).build());
		try (TestTlsServer server = TestTlsServer.start(
				new SslContextFactory(SslSettings.builder().name("server").identity(other).build()));
				Socket socket = factory.createSocket()) {
			socket.connect(new InetSocketAddress("localhost", server.port()), 2000);
			InputStream in = socket.getInputStream();
			assertThatExceptionOfType(SslConnectionException.class).isThrownBy(() -> echo(socket, "x"))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH))
				.withMessageContaining("other.example");
			assertThat(events).singleElement()
				.satisfies((event) -> assertThat(event.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
			assertThat(context.ledger().failure(socket)).isEqualTo(TlsFailure.HOSTNAME_MISMATCH);
			// the failure stays the answer of its streams: the socket was closed with it
			assertThatExceptionOfType(SslConnectionException.class).isThrownBy(in::read)
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
		}
	}

	@Test
	void anUnconnectedSocketsHandshakeOnFirstUseHasTheDeadline() throws Exception {
		SslSocketFactory factory = factory(client().handshakeTimeout(Duration.ofMillis(500)));
		try (TestTlsServer server = TestTlsServer.misbehaving(Mode.STALL); Socket socket = factory.createSocket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
			long start = System.nanoTime();
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> socket.getOutputStream().write('x'))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.TIMEOUT));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		}
	}

	@Test
	void anUnconnectedSocketKeepsItsReadTimeoutAndIsKnownToTheLedger() throws Exception {
		SslContextFactory context = new SslContextFactory(client().readTimeout(Duration.ofSeconds(30)).build());
		SslSocketFactory factory = new SslSocketFactory(context);
		try (TestTlsServer server = TestTlsServer.start(server(ClientAuth.NONE));
				SSLSocket socket = (SSLSocket) factory.createSocket()) {
			socket.connect(new InetSocketAddress("localhost", server.port()), 2000);
			socket.setSoTimeout(4321);
			assertThat(echo(socket, "lazy")).isEqualTo("lazy");
			assertThat(socket.getSoTimeout()).isEqualTo(4321);
			assertThat(context.ledger().verified(socket)).isTrue();
			assertThat(context.ledger().verifiedName(socket)).isEqualTo("localhost");
			assertThat(factory.reused(socket)).isFalse();
		}
	}

	@Test
	void theSocketIsStillAnSslSocketToAdapters() throws Exception {
		SslContextFactory context = new SslContextFactory(client().alpn(List.of("h2", "http/1.1")).build());
		SslSocketFactory factory = new SslSocketFactory(context);
		SslContextFactory serverContext = new SslContextFactory(
				SslSettings.builder().name("server").identity(Identities.identity(TestCertificate.builder().localhost().signedBy(ca).build())).alpn(List.of("http/1.1")).build());
		try (TestTlsServer server = TestTlsServer.start(serverContext);
				SSLSocket socket = (SSLSocket) factory.createSocket()) {
			CompletableFuture<HandshakeCompletedEvent> completed = new CompletableFuture<>();
			socket.addHandshakeCompletedListener(completed::complete);
			socket.connect(new InetSocketAddress("localhost", server.port()), 2000);
			SslConnection connection = SslConnection.of(socket);
			assertThat(connection.protocol()).isEqualTo("TLSv1.3");
			assertThat(connection.applicationProtocol()).isEqualTo("http/1.1");
			assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
			assertThat(completed.get(5, TimeUnit.SECONDS).getSocket()).isSameAs(socket);
			assertThat(socket.getEnabledProtocols()).isEqualTo(context.protocols().toArray(new String[0]));
			assertThat(socket.getTcpNoDelay()).isTrue();
			assertThat(socket.getInetAddress()).isEqualTo(InetAddress.getByName("localhost"));
			assertThat(factory.contextFactory().certificateRequestedButMissing(socket)).isFalse();
			assertThat(echo(socket, "adapted")).isEqualTo("adapted");
		}
	}

	@Test
	void anAcceptedSocketClassifiesItsFirstReadToo() throws Exception {
		SslServerSocketFactory serverFactory = new SslServerSocketFactory(server(ClientAuth.NONE));
		try (ServerSocket listener = serverFactory.createServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
			CompletableFuture<Object> outcome = new CompletableFuture<>();
			Thread thread = new Thread(() -> {
				try (SSLSocket accepted = serverFactory.handshake((SSLSocket) listener.accept())) {
					outcome.complete(accepted.getInputStream().read());
				}
				catch (IOException | RuntimeException ex) {
					outcome.complete(ex);
				}
			});
			thread.setDaemon(true);
			thread.start();
			try (Socket plain = new Socket(InetAddress.getByName("127.0.0.1"), listener.getLocalPort())) {
				factory(client()).upgrade(plain, "localhost", listener.getLocalPort(), false);
				// the client goes away without a close_notify: a reset
				plain.setSoLinger(true, 0);
			}
			assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(SslConnectionException.class,
					(ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.PEER_CLOSED));
		}
	}

	/**
	 * Completes a TLS 1.3 handshake as a server, optionally sends "!", then resets the TCP
	 * connection without a close_notify.
	 */
	private static final class ResettingServer implements AutoCloseable {

		private final ServerSocket listener;

		private final CountDownLatch reset = new CountDownLatch(1);

		ResettingServer(Duration sendFirst) throws IOException {
			SslContextFactory context = server(ClientAuth.NONE);
			this.listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
			Thread thread = new Thread(() -> {
				try (Socket plain = this.listener.accept()) {
					SSLSocket tls = (SSLSocket) context.sslContext()
						.getSocketFactory()
						.createSocket(plain, null, plain.getPort(), false);
					tls.setUseClientMode(false);
					tls.startHandshake();
					if (!sendFirst.isZero()) {
						tls.getOutputStream().write('!');
						tls.getOutputStream().flush();
						Thread.sleep(200);
					}
					plain.setSoLinger(true, 0);
				}
				catch (Exception ex) {
					// the test sees what the client sees
				}
				finally {
					this.reset.countDown();
				}
			}, "resetting-server");
			thread.setDaemon(true);
			thread.start();
		}

		int port() {
			return this.listener.getLocalPort();
		}

		void awaitReset() throws InterruptedException {
			assertThat(this.reset.await(10, TimeUnit.SECONDS)).isTrue();
			Thread.sleep(100);
		}

		@Override
		public void close() throws IOException {
			this.listener.close();
		}

	}

}
