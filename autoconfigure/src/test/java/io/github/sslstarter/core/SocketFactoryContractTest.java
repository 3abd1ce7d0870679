package io.github.sslstarter.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.RunningTool;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDK's {@code SSLSocketFactory} contract: every {@code createSocket} returns a socket whose
 * handshake has not run, so that the caller can still configure it (ALPN, protocols), while
 * verification, the deadline and classification still hold when the handshake runs.
 */
class SocketFactoryContractTest {

	private static final TestCertificate ca = TestCertificate.authority("Contract CA");

	private static final TestCertificate localhost = TestCertificate.builder().localhost().signedBy(ca).build();

	private static final TestCertificate otherHost = TestCertificate.builder()
		.dnsNames("other.example")
		.signedBy(ca)
		.build();

	@TempDir
	Path directory;

	private static SslSocketFactory client(List<HandshakeEvent> events) {
		return new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.name("client")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofSeconds(5))
			.build()), events::add);
	}

	@Test
	void aSocketFromEveryCreateSocketIsConnectedButNotHandshakenUntilFirstUse() throws Exception {
		List<HandshakeEvent> events = new CopyOnWriteArrayList<>();
		SslSocketFactory factory = client(events);
		SslContextFactory server = new SslContextFactory(
				SslSettings.builder().name("server").identity(identity(localhost)).build());
		try (TestTlsServer peer = TestTlsServer.start(server)) {
			InetAddress loopback = InetAddress.getByName("127.0.0.1");
			List<Socket> sockets = List.of(factory.createSocket("localhost", peer.port()),
					factory.createSocket("localhost", peer.port(), loopback, 0),
					factory.createSocket(loopback, peer.port()),
					factory.createSocket(loopback, peer.port(), loopback, 0),
					factory.createSocket(new Socket("127.0.0.1", peer.port()), "localhost", peer.port(), true));
			try {
				for (Socket socket : sockets) {
					assertThat(socket.isConnected()).isTrue();
					assertThat(socket).isInstanceOf(SSLSocket.class);
				}
				// nothing has been sent: no handshake event, no handshake begun
				assertThat(events).isEmpty();
				for (Socket socket : sockets) {
					assertThat(factory.contextFactory().ledger().peer(socket)).isNull();
				}
				for (Socket socket : sockets) {
					assertThat(echo(socket, "hi")).isEqualTo("hi");
					assertThat(factory.contextFactory().ledger().peer(socket)).endsWith(":" + peer.port());
				}
				assertThat(events).hasSize(sockets.size()).allSatisfy((event) -> {
					assertThat(event.failure()).isNull();
					assertThat(event.client()).isTrue();
				});
			}
			finally {
				for (Socket socket : sockets) {
					socket.close();
				}
			}
		}
	}

	@Test
	void alpnSetByTheCallerAfterCreateSocketReachesANativeServer() throws Exception {
		RunningTool server = ExternalTool.opensslServer(this.directory, localhost, "-alpn", "h2,http/1.1", "-www");
		try (server) {
			for (boolean layered : new boolean[] { false, true }) {
				SslSocketFactory factory = client(new CopyOnWriteArrayList<>());
				SSLSocket socket = (SSLSocket) (layered
						? factory.createSocket(new Socket("127.0.0.1", server.port()), "localhost", server.port(), true)
						: factory.createSocket("localhost", server.port()));
				try (socket) {
					// what OkHttp does: read the parameters, add ALPN, set them back, then handshake
					SSLParameters parameters = socket.getSSLParameters();
					parameters.setApplicationProtocols(new String[] { "h2", "http/1.1" });
					socket.setSSLParameters(parameters);
					socket.startHandshake();
					assertThat(socket.getApplicationProtocol()).as("layered=%s", layered).isEqualTo("h2");
				}
			}
		}
	}

	@Test
	void protocolsSetByTheCallerAfterCreateSocketAreTheOnesNegotiated() throws Exception {
		SslContextFactory server = new SslContextFactory(
				SslSettings.builder().name("server").identity(identity(localhost)).build());
		try (TestTlsServer peer = TestTlsServer.start(server);
				SSLSocket socket = (SSLSocket) client(new CopyOnWriteArrayList<>()).createSocket("localhost",
						peer.port())) {
			// what Apache HttpClient 5 does before its handshake
			socket.setEnabledProtocols(new String[] { "TLSv1.2" });
			socket.startHandshake();
			assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
		}
	}

	@Test
	void theHandshakeOfACreatedSocketIsStillVerifiedAndClassified() throws Exception {
		List<HandshakeEvent> events = new CopyOnWriteArrayList<>();
		SslContextFactory server = new SslContextFactory(
				SslSettings.builder().name("server").identity(identity(otherHost)).build());
		try (TestTlsServer peer = TestTlsServer.start(server);
				SSLSocket socket = (SSLSocket) client(events).createSocket("localhost", peer.port())) {
			assertThatExceptionOfType(SslConnectionException.class).isThrownBy(socket::startHandshake)
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH))
				.withMessageContaining("localhost");
			assertThat(events).singleElement()
				.satisfies((event) -> assertThat(event.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
			// the same failure again, not a second handshake
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> socket.getOutputStream().write(1))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
		}
	}

	@Test
	void theHandshakeOfACreatedSocketRunsUnderTheDeadline() throws Exception {
		SslSocketFactory factory = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.name("client")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.handshakeTimeout(Duration.ofMillis(500))
			.build()));
		try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
				SSLSocket socket = (SSLSocket) factory.createSocket("localhost", silent.getLocalPort());
				Socket accepted = silent.accept()) {
			long start = System.nanoTime();
			assertThatExceptionOfType(SslConnectionException.class).isThrownBy(socket::startHandshake)
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.TIMEOUT));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
			assertThat(accepted.isConnected()).isTrue();
		}
	}

	private static String echo(Socket socket, String line) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
		InputStream in = socket.getInputStream();
		StringBuilder read = new StringBuilder();
		for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
			read.append((char) b);
		}
		return read.toString();
	}

}
