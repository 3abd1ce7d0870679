package io.github.sslstarter.core;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * A name given for one call is honoured, and a session verified for it is never resumed by a
 * connection that expects another name; the handshake deadline holds on every path.
 */
class PerCallNameSessionTest {

	private static final TestCertificate ca = TestCertificate.authority("Per-call CA");

	private static final Identity localhost = identity(TestCertificate.builder().localhost().signedBy(ca).build());

	private static SslSettings.Builder client(String protocol) {
		return SslSettings.builder()
			.protocols(protocol)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false);
	}

	private static TestTlsServer wrongNameServer() throws Exception {
		return TestTlsServer.start(new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(identity(TestCertificate.builder()
				.commonName("wrong.example")
				.dnsNames("wrong.example")
				.signedBy(ca)
				.build()))
			.build()));
	}

	private static void echo(Socket socket) throws Exception {
		// a TLS 1.3 client receives its session ticket only when it reads
		socket.getOutputStream().write("x\n".getBytes(StandardCharsets.UTF_8));
		new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void anUnconnectedSocketNeverResumesASessionVerifiedForAnotherName(String protocol) throws Exception {
		SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client(protocol).build()));
		try (TestTlsServer server = wrongNameServer()) {
			try (SSLSocket named = factory.connect("localhost", server.port(), null, "wrong.example")) {
				echo(named);
			}
			SSLSocket socket = (SSLSocket) factory.createSocket();
			socket.connect(new InetSocketAddress("localhost", server.port()), 2000);
			try (socket) {
				assertThatExceptionOfType(SSLHandshakeException.class).isThrownBy(socket::startHandshake)
					.withStackTraceContaining("wrong.example");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void anEngineNeverResumesASessionVerifiedForAnotherName(String protocol) throws Exception {
		SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(client(protocol).build()));
		try (TestTlsServer server = wrongNameServer()) {
			try (SSLSocket named = factory.connect("localhost", server.port(), null, "wrong.example")) {
				echo(named);
			}
			SSLEngine engine = factory.contextFactory().createEngine("localhost", server.port());
			try (Socket raw = new Socket(InetAddress.getByName("127.0.0.1"), server.port())) {
				assertThatIOException().isThrownBy(() -> handshake(engine, raw))
					.withStackTraceContaining("wrong.example");
			}
		}
	}

	@Test
	void aNameGivenForOneCallBeatsTheContextsFixedName() throws Exception {
		SslSocketFactory factory = new SslSocketFactory(
				new SslContextFactory(client("TLSv1.3").verifyName("other.example").build()));
		try (TestTlsServer server = TestTlsServer.start(
				new SslContextFactory(SslSettings.builder().name("server").identity(localhost).build()));
				SSLSocket socket = factory.connect("localhost", server.port(), null, "localhost")) {
			assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
		}
	}

	@Test
	void aTricklingPeerCannotOutlastTheDeadlineOfAnUpgradeThatKeepsThePlainSocket() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
			Thread trickler = new Thread(() -> {
				try (Socket peer = server.accept()) {
					OutputStream out = peer.getOutputStream();
					out.write(new byte[] { 0x16, 0x03, 0x03, 0x40, 0x00 });
					for (int i = 0; i < 60; i++) {
						Thread.sleep(100);
						out.write(0);
						out.flush();
					}
				}
				catch (Exception ex) {
					// the client went away, as it should
				}
			});
			trickler.setDaemon(true);
			trickler.start();
			SslSocketFactory factory = new SslSocketFactory(
					new SslContextFactory(client("TLSv1.3").handshakeTimeout(Duration.ofMillis(800)).build()));
			try (Socket plain = new Socket(InetAddress.getByName("127.0.0.1"), server.getLocalPort())) {
				long start = System.nanoTime();
				assertThatExceptionOfType(SslConnectionException.class)
					.isThrownBy(() -> factory.upgrade(plain, "localhost", server.getLocalPort(), false))
					.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.TIMEOUT));
				// the trickle lasts 6 s; the deadline is 0.8 s
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
			}
		}
	}

	private static void handshake(SSLEngine engine, Socket raw) throws Exception {
		InputStream in = raw.getInputStream();
		OutputStream out = raw.getOutputStream();
		ByteBuffer netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
		ByteBuffer netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
		ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
		byte[] buffer = new byte[32768];
		engine.beginHandshake();
		while (true) {
			switch (engine.getHandshakeStatus()) {
				case NEED_WRAP -> {
					netOut.clear();
					engine.wrap(ByteBuffer.allocate(0), netOut);
					netOut.flip();
					out.write(netOut.array(), 0, netOut.limit());
					out.flush();
				}
				case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
					netIn.flip();
					SSLEngineResult result = engine.unwrap(netIn, app);
					netIn.compact();
					if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
						int read = in.read(buffer);
						if (read < 0) {
							throw new java.io.EOFException("peer closed");
						}
						netIn.put(buffer, 0, read);
					}
				}
				case NEED_TASK -> {
					Runnable task;
					while ((task = engine.getDelegatedTask()) != null) {
						task.run();
					}
				}
				default -> {
					return;
				}
			}
		}
	}

}
