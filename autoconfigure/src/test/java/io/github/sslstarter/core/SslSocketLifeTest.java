package io.github.sslstarter.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sslstarter.core.SslSocket.Shutdown;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;
import io.github.sslstarter.testing.Identities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The life of a socket after its handshake ({@link SslSocket}): TLS stopped and started again on
 * one TCP connection from either side, the close options as a JSSE peer sees them, peek,
 * pending, opened, the last failure, and an end of stream without close_notify.
 */
class SslSocketLifeTest {

	private static final TestCertificate ca = TestCertificate.authority("Socket Life CA");

	private static final TestCertificate localhost = TestCertificate.builder().localhost().signedBy(ca).build();

	private ServerSocket listener;

	private Socket clientPlain;

	private Socket serverPlain;

	@BeforeEach
	void connect() throws IOException {
		this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.clientPlain = new Socket();
		this.clientPlain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.listener.getLocalPort()),
				5000);
		this.serverPlain = this.listener.accept();
		this.clientPlain.setSoTimeout(10_000);
		this.serverPlain.setSoTimeout(10_000);
	}

	@AfterEach
	void close() throws IOException {
		this.clientPlain.close();
		this.serverPlain.close();
		this.listener.close();
	}

	private static SslSettings.Builder settings(String protocols) {
		return SslSettings.builder()
			.protocols(protocols)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(5));
	}

	private static SslSocketFactory client(String protocols) {
		return new SslSocketFactory(new SslContextFactory(settings(protocols).name("client").build()));
	}

	private static SslServerSocketFactory server(String protocols) {
		return new SslServerSocketFactory(new SslContextFactory(
				settings(protocols).name("server").identity(Identities.identity(localhost)).build()));
	}

	private static void send(Socket socket, String line) throws IOException {
		socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		socket.getOutputStream().flush();
	}

	private static String line(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0 && b != '\n') {
			line.write(b);
		}
		return line.toString(StandardCharsets.UTF_8);
	}

	private static <T> T within(CompletableFuture<T> future) throws Exception {
		return future.get(20, TimeUnit.SECONDS);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void stopsAndStartsTlsTwiceOnOneConnectionFromBothSides(String protocol) throws Exception {
		SslSocketFactory client = client(protocol);
		SslServerSocketFactory server = server(protocol);
		CompletableFuture<String> serverSide = CompletableFuture.supplyAsync(() -> {
			try {
				StringBuilder seen = new StringBuilder(line(this.serverPlain));
				for (int round = 0; round < 2; round++) {
					SSLSocket tls = server.upgrade(this.serverPlain, false);
					seen.append(' ').append(line(tls));
					send(tls, "tls " + round + " " + tls.getSession().getProtocol());
					// both sides stop TLS at once: each sends close_notify and waits for the other's
					Socket plain = SslSocket.of(tls).stopTls();
					assertThat(plain).isSameAs(this.serverPlain);
					seen.append(' ').append(line(plain));
					send(plain, "plain " + round);
				}
				return seen.toString();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		send(this.clientPlain, "hello");
		for (int round = 0; round < 2; round++) {
			// round 0 upgrades (handshake done), round 1 takes the JDK's createSocket (handshake on first use)
			SSLSocket tls = (round == 0)
					? client.upgrade(this.clientPlain, "localhost", this.listener.getLocalPort(), false)
					: (SSLSocket) client.createSocket(this.clientPlain, "localhost", this.listener.getLocalPort(), false);
			send(tls, "over tls " + round);
			assertThat(line(tls)).isEqualTo("tls " + round + " " + protocol);
			assertThat(SslSocket.of(tls).opened()).isEqualTo(1);
			Socket plain = SslSocket.of(tls).stopTls();
			assertThat(plain).isSameAs(this.clientPlain);
			assertThat(SslSocket.of(tls).opened()).isZero();
			assertThat(tls.isClosed()).isTrue();
			assertThat(plain.isClosed()).isFalse();
			send(plain, "plain again " + round);
			assertThat(line(plain)).isEqualTo("plain " + round);
		}
		assertThat(within(serverSide)).isEqualTo("hello over tls 0 plain again 0 over tls 1 plain again 1");
	}

	@Test
	void stopTlsRefusesASocketThatClosesItsTcpConnection() throws Exception {
		SslServerSocketFactory server = server("TLSv1.3");
		CompletableFuture<SSLSocket> serverSide = CompletableFuture.supplyAsync(() -> {
			try {
				return server.upgrade(this.serverPlain, false);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		SSLSocket tls = client("TLSv1.3").upgrade(this.clientPlain, "localhost", this.listener.getLocalPort(), true);
		within(serverSide).close();
		assertThatIllegalStateException().isThrownBy(() -> SslSocket.of(tls).stopTls())
			.withMessageContaining("autoClose=false");
		assertThat(tls.isClosed()).isFalse();
		tls.close();
	}

	/** What a peer of our own sees when the other side closes: a clean end, or a truncation. */
	private Object peerSeesAfterClose(Shutdown shutdown) throws Exception {
		SslServerSocketFactory server = server("TLSv1.3");
		CompletableFuture<Object> serverSide = CompletableFuture.supplyAsync(() -> {
			try {
				SSLSocket tls = server.upgrade(this.serverPlain, true);
				send(tls, "ready");
				try {
					int read = tls.getInputStream().read();
					tls.close();
					return read;
				}
				catch (SslConnectionException ex) {
					return ex.failure();
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		SSLSocket tls = client("TLSv1.3").upgrade(this.clientPlain, "localhost", this.listener.getLocalPort(), true);
		assertThat(line(tls)).isEqualTo("ready");
		SslSocket.of(tls).close(shutdown);
		assertThat(tls.isClosed()).isTrue();
		assertThat(this.clientPlain.isClosed()).isTrue();
		return within(serverSide);
	}

	@Test
	void closeWithoutShutdownSendsNoCloseNotify() throws Exception {
		assertThat(peerSeesAfterClose(Shutdown.NONE)).isEqualTo(TlsFailure.TRUNCATED);
	}

	@Test
	void oneWayAndTwoWayCloseSendCloseNotify() throws Exception {
		assertThat(peerSeesAfterClose(Shutdown.ONE_WAY)).isEqualTo(-1);
		close();
		connect();
		assertThat(peerSeesAfterClose(Shutdown.TWO_WAY)).isEqualTo(-1);
	}

	@Test
	void anEndOfStreamWithoutCloseNotifyIsATruncationNotACleanEnd() throws Exception {
		SSLContext jsse = TestSslContexts.server(localhost);
		CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
			try {
				SSLSocket tls = (SSLSocket) jsse.getSocketFactory()
					.createSocket(this.serverPlain, "127.0.0.1", this.serverPlain.getPort(), false);
				tls.setUseClientMode(false);
				send(tls, "first part");
				// TCP closed under TLS: no close_notify
				this.serverPlain.close();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		SSLSocket tls = client("TLSv1.3").upgrade(this.clientPlain, "localhost", this.listener.getLocalPort(), true);
		assertThat(line(tls)).isEqualTo("first part");
		within(serverSide);
		assertThatExceptionOfType(SslConnectionException.class).isThrownBy(() -> tls.getInputStream().read())
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.TRUNCATED))
			.withMessageContaining("without the peer's close_notify");
		assertThat(SslSocket.of(tls).lastFailure().failure()).isEqualTo(TlsFailure.TRUNCATED);
		tls.close();
	}

	@Test
	void anEndOfStreamAfterCloseNotifyIsACleanEnd() throws Exception {
		SSLContext jsse = TestSslContexts.server(localhost);
		CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
			try {
				SSLSocket tls = (SSLSocket) jsse.getSocketFactory()
					.createSocket(this.serverPlain, "127.0.0.1", this.serverPlain.getPort(), true);
				tls.setUseClientMode(false);
				send(tls, "whole");
				tls.shutdownOutput();
				tls.close();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		SSLSocket tls = client("TLSv1.3").upgrade(this.clientPlain, "localhost", this.listener.getLocalPort(), true);
		assertThat(line(tls)).isEqualTo("whole");
		within(serverSide);
		assertThat(tls.getInputStream().read()).isEqualTo(-1);
		assertThat(SslSocket.of(tls).lastFailure()).isNull();
		tls.close();
	}

	@Test
	void peekReturnsTheSameBytesUntilTheyAreReadAndPendingCountsThem() throws Exception {
		SslServerSocketFactory server = server("TLSv1.3");
		CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
			try (SSLSocket tls = server.upgrade(this.serverPlain, true)) {
				send(tls, "peeked at");
				line(tls);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		SSLSocket tls = client("TLSv1.3").upgrade(this.clientPlain, "localhost", this.listener.getLocalPort(), true);
		SslSocket socket = SslSocket.of(tls);
		byte[] first = new byte[6];
		assertThat(socket.peek(first)).isEqualTo(6);
		assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("peeked");
		byte[] again = new byte[6];
		assertThat(socket.peek(again)).isEqualTo(6);
		assertThat(again).isEqualTo(first);
		// the peek took 6 of the record's 10 bytes; the other 4 are decrypted and waiting in JSSE
		assertThat(socket.pending()).isEqualTo(10);
		assertThat(line(tls)).isEqualTo("peeked at");
		assertThat(socket.pending()).isZero();
		send(tls, "bye");
		within(serverSide);
		tls.close();
	}

	@Test
	void openedIsMinusOneWhileTcpIsOpenAfterAFailedHandshake() throws Exception {
		SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(
				settings("TLSv1.3").name("armed").identity(Identities.identity(localhost)).build()));
		// the server side of a socket whose handshake runs on first use, not closing TCP with TLS
		SSLSocket armed = (SSLSocket) factory.createSocket(this.serverPlain, InputStream.nullInputStream(), false);
		assertThat(SslSocket.of(armed).opened()).isZero();
		send(this.clientPlain, "not a TLS client");
		assertThatExceptionOfType(SslConnectionException.class).isThrownBy(armed::startHandshake);
		assertThat(SslSocket.of(armed).opened()).isEqualTo(-1);
		assertThat(SslSocket.of(armed).lastFailure().failure()).isEqualTo(TlsFailure.PLAINTEXT_PEER);
		this.serverPlain.close();
		assertThat(SslSocket.of(armed).opened()).isZero();
	}

	@Test
	void closeWithoutShutdownIsRefusedOnJssesOwnAcceptedSocketsBeforeAnythingIsDone() throws Exception {
		SslServerSocketFactory server = server("TLSv1.3");
		try (ServerSocket tlsListener = server.createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<SSLSocket> clientSide = CompletableFuture.supplyAsync(() -> {
				try {
					return client("TLSv1.3").connect("localhost", tlsListener.getLocalPort());
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			SSLSocket accepted = server.handshake((SSLSocket) tlsListener.accept());
			SSLSocket tls = within(clientSide);
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> SslSocket.of(accepted).close(Shutdown.NONE))
				.withMessageContaining("always send close_notify");
			assertThat(SslSocket.of(accepted).opened()).isEqualTo(1);
			send(accepted, "still open");
			assertThat(line(tls)).isEqualTo("still open");
			accepted.close();
			assertThat(tls.getInputStream().read()).isEqualTo(-1);
			tls.close();
		}
	}

	@Test
	void peekedBytesAreStillThereAfterThePeersCloseNotify() throws Exception {
		SslServerSocketFactory server = server("TLSv1.2");
		CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
			try (SSLSocket tls = server.upgrade(this.serverPlain, true)) {
				send(tls, "last words");
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		SSLSocket tls = client("TLSv1.2").upgrade(this.clientPlain, "localhost", this.listener.getLocalPort(), true);
		within(serverSide);
		byte[] peeked = new byte[64];
		int count = SslSocket.of(tls).peek(peeked);
		assertThat(new String(peeked, 0, count, StandardCharsets.UTF_8)).isEqualTo("last words\n");
		assertThat(SslSocket.of(tls).pending()).isEqualTo(count);
		assertThat(line(tls)).isEqualTo("last words");
		assertThat(tls.getInputStream().read()).isEqualTo(-1);
		assertThat(SslSocket.of(tls).pending()).isZero();
		tls.close();
	}

	@Test
	void ofRefusesSocketsOfOtherFactories() throws Exception {
		SSLSocket jsse = (SSLSocket) TestSslContexts.client(ca.certificate()).getSocketFactory().createSocket();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> SslSocket.of(jsse))
			.withMessageContaining("SslSocketFactory");
		jsse.close();
	}

}
