package io.github.sslstarter.core;

import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.testing.Identities;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;
import io.github.sslstarter.testing.TestTlsServer.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Engines from {@link SslContextFactory#createEngine} classify every failure of their
 * {@code wrap} and {@code unwrap} (as an {@link SSLException}, which the engine's contract
 * wants), and, when the caller asks for one, refuse a handshake past its deadline.
 */
class EngineClassificationTest {

	private static final TestCertificate ca = TestCertificate.authority("Engine CA");

	private static SslContextFactory client() {
		return new SslContextFactory(SslSettings.builder()
			.name("engine")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.build());
	}

	private static SslContextFactory server(String name, ClientAuth clientAuth) {
		return new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(Identities.identity(TestCertificate.builder().commonName(name).dnsNames(name).ipAddresses().signedBy(ca).build()))
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.clientAuth(clientAuth)
			.build());
	}

	@Test
	void aServerCertificateForAnotherNameIsAHostnameMismatch() throws Exception {
		SslContextFactory context = client();
		try (TestTlsServer server = TestTlsServer.start(server("other.example", ClientAuth.NONE));
				Socket raw = new Socket(InetAddress.getByName("127.0.0.1"), server.port())) {
			SSLEngine engine = context.createEngine("localhost", server.port());
			assertThatExceptionOfType(SslConnectionException.class).isThrownBy(() -> exchange(engine, raw))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH))
				.withMessageContaining("localhost:" + server.port())
				.withMessageContaining("other.example")
				.withMessageContaining("Action: " + TlsFailure.HOSTNAME_MISMATCH.action());
			assertThat(context.ledger().failure(engine)).isEqualTo(TlsFailure.HOSTNAME_MISMATCH);
		}
	}

	@Test
	void aTls13ServerRefusingAMissingClientCertificateAfterTheHandshakeIsClientCertificateRequired()
			throws Exception {
		SslContextFactory context = client();
		try (TestTlsServer server = TestTlsServer.start(server("localhost", ClientAuth.NEED));
				Socket raw = new Socket(InetAddress.getByName("127.0.0.1"), server.port())) {
			SSLEngine engine = context.createEngine("localhost", server.port());
			assertThatExceptionOfType(SslConnectionException.class).isThrownBy(() -> exchange(engine, raw))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.CLIENT_CERTIFICATE_REQUIRED));
			assertThat(engine.getSession().getProtocol()).isEqualTo("TLSv1.3");
			assertThat(context.ledger().certificateRequestedButMissing(engine)).isTrue();
		}
	}

	@Test
	void anEngineThatSucceedsIsTheEngineItWraps() throws Exception {
		SslContextFactory context = client();
		try (TestTlsServer server = TestTlsServer.start(server("localhost", ClientAuth.NONE));
				Socket raw = new Socket(InetAddress.getByName("127.0.0.1"), server.port())) {
			SSLEngine engine = context.createEngine("localhost", server.port(), Duration.ofSeconds(5));
			assertThat(exchange(engine, raw)).isEqualTo("ping");
			assertThat(engine.getPeerHost()).isEqualTo("localhost");
			assertThat(engine.getUseClientMode()).isTrue();
			assertThat(engine.getSession().getProtocol()).isEqualTo("TLSv1.3");
			assertThat(context.ledger().verifiedName(engine)).isEqualTo("localhost");
		}
	}

	@Test
	void aServerEngineNamesAPlaintextClient() {
		SslContextFactory context = server("localhost", ClientAuth.NONE);
		SSLEngine engine = context.createEngine(null, 0);
		ByteBuffer plaintext = ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
		assertThatExceptionOfType(SslConnectionException.class).isThrownBy(() -> engine.unwrap(plaintext, app))
			.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.PLAINTEXT_PEER))
			.withMessageContaining("the client")
			.withMessageContaining("Action:");
	}

	@Test
	void aHandshakePastTheDeadlineIsATimeout() throws Exception {
		try (TestTlsServer server = TestTlsServer.misbehaving(Mode.TRICKLE);
				Socket raw = new Socket(InetAddress.getByName("127.0.0.1"), server.port())) {
			SSLEngine engine = client().createEngine("localhost", server.port(), Duration.ofMillis(500));
			long start = System.nanoTime();
			assertThatExceptionOfType(SslConnectionException.class).isThrownBy(() -> exchange(engine, raw))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.TIMEOUT))
				.withMessageContaining("not done within 500ms");
			// the trickle lasts 30 s
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> engine.wrap(ByteBuffer.allocate(0), out))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.TIMEOUT));
		}
	}

	/**
	 * Runs the engine's handshake over a blocking socket, then sends "ping\n" and returns the
	 * first line the peer sends back.
	 */
	static String exchange(SSLEngine engine, Socket raw) throws Exception {
		raw.setSoTimeout(10_000);
		InputStream in = raw.getInputStream();
		OutputStream out = raw.getOutputStream();
		ByteBuffer netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
		ByteBuffer netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
		ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
		engine.beginHandshake();
		boolean sent = false;
		while (true) {
			SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
			if (status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
				send(engine, ByteBuffer.allocate(0), netOut, out);
			}
			else if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
				Runnable task;
				while ((task = engine.getDelegatedTask()) != null) {
					task.run();
				}
			}
			else if (status == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING && !sent) {
				send(engine, ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)), netOut, out);
				sent = true;
			}
			else {
				netIn.flip();
				SSLEngineResult result = engine.unwrap(netIn, app);
				netIn.compact();
				if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
					byte[] buffer = new byte[netIn.remaining()];
					int read = in.read(buffer);
					if (read < 0) {
						throw new EOFException("peer closed");
					}
					netIn.put(buffer, 0, read);
				}
				else if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
					throw new EOFException("peer closed the TLS connection");
				}
				String received = new String(app.array(), 0, app.position(), StandardCharsets.UTF_8);
				if (received.endsWith("\n")) {
					return received.trim();
				}
			}
		}
	}

	private static void send(SSLEngine engine, ByteBuffer data, ByteBuffer netOut, OutputStream out) throws Exception {
		netOut.clear();
		engine.wrap(data, netOut);
		netOut.flip();
		out.write(netOut.array(), 0, netOut.limit());
		out.flush();
	}

}
