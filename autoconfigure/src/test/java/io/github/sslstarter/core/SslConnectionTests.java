package io.github.sslstarter.core;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.sslstarter.verify.HostnameScheme;
import io.github.sslstarter.verify.LoopbackServer;
import io.github.sslstarter.verify.PeerCertificate;
import io.github.sslstarter.verify.SubjectAltName;
import io.github.sslstarter.verify.TestCertificates;
import io.github.sslstarter.core.VerifyingTrustManager;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection view of a real loopback TLS connection. */
class SslConnectionTests {

	private static final String SPEC = "CN=peer.example.org; DNS:peer.example.org; IP:127.0.0.1; EMAIL:ops@example.org";

	private static LoopbackServer server;

	private static SslConnection connection;

	@BeforeAll
	static void connect() throws IOException {
		server = new LoopbackServer(SPEC, "TLSv1.3");
		SSLContext context = TestCertificates.clientContext(
				new VerifyingTrustManager(TestCertificates.trustingCa(), HostnameScheme.DEFAULT, null), "TLS");
		try (Socket plain = new Socket()) {
			plain.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "peer.example.org",
					server.port(), false)) {
				connection = SslConnection.of(socket);
			}
		}
	}

	@AfterAll
	static void stop() throws IOException {
		server.close();
	}

	@Test
	void reportsProtocolAndCipherSuite() {
		assertThat(connection.protocol()).isEqualTo("TLSv1.3");
		assertThat(connection.cipherSuite()).startsWith("TLS_");
	}

	@Test
	void applicationProtocolIsNullWithoutAlpn() {
		assertThat(connection.applicationProtocol()).isNull();
	}

	@Test
	void peerChainIsLeafThenCa() {
		assertThat(connection.peerChain()).containsExactly(TestCertificates.leaf(SPEC), TestCertificates.ca());
	}

	@Test
	void peerCertificateShowsTypedNames() {
		PeerCertificate peer = connection.peerCertificate();
		assertThat(peer.commonName()).isEqualTo("peer.example.org");
		assertThat(peer.subject()).contains("CN=peer.example.org");
		assertThat(peer.issuer()).contains("CN=sslstarter test CA");
		assertThat(peer.subjectAltNames()).containsExactly(
				new SubjectAltName(SubjectAltName.Type.DNS, "peer.example.org"),
				new SubjectAltName(SubjectAltName.Type.IP, "127.0.0.1"),
				new SubjectAltName(SubjectAltName.Type.EMAIL, "ops@example.org"));
		assertThat(peer.subjectAltNames(SubjectAltName.Type.IP)).containsExactly("127.0.0.1");
		assertThat(peer.notBefore()).isBefore(peer.notAfter());
	}

	@Test
	void fingerprintsAreSha256OfCertificateAndPublicKey() throws Exception {
		PeerCertificate peer = connection.peerCertificate();
		byte[] encoded = TestCertificates.leaf(SPEC).getEncoded();
		String expected = HexFormat.ofDelimiter(":").withUpperCase()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(encoded));
		assertThat(peer.sha256Fingerprint()).isEqualTo(expected);
		assertThat(peer.publicKeySha256Fingerprint()).hasSize(95).isNotEqualTo(expected);
	}

	@Test
	void dumpListsOneFieldPerLine() {
		String dump = connection.peerCertificate().dump();
		assertThat(dump.lines()).anyMatch((line) -> line.equals("Common name: peer.example.org"))
			.anyMatch((line) -> line.equals("Subject alt name: IP:127.0.0.1"))
			.anyMatch((line) -> line.startsWith("SHA-256: "))
			.anyMatch((line) -> line.startsWith("Not after: "));
	}

	@Test
	void verifiesHostnamesOnTheEstablishedConnection() {
		assertThat(connection.verifyHostname("peer.example.org", "sip").matched()).isTrue();
		assertThat(connection.verifyHostname("127.0.0.1", HostnameScheme.named("rfc2818")).matched()).isTrue();
		assertThat(connection.verifyHostname("other.example.org", "default").matched()).isFalse();
	}

	@Test
	void reportsTheNegotiatedApplicationProtocol() throws IOException {
		SSLContext context = TestCertificates.clientContext(
				new VerifyingTrustManager(TestCertificates.trustingCa(), HostnameScheme.DEFAULT, null), "TLS");
		try (AlpnServer alpn = new AlpnServer(); Socket plain = new Socket()) {
			plain.connect(new InetSocketAddress("127.0.0.1", alpn.port()), 5000);
			try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "peer.example.org",
					alpn.port(), false)) {
				SSLParameters parameters = socket.getSSLParameters();
				parameters.setApplicationProtocols(new String[] { "h2", "http/1.1" });
				socket.setSSLParameters(parameters);
				assertThat(SslConnection.of(socket).applicationProtocol()).isEqualTo("http/1.1");
			}
		}
	}

	/** A one-shot server that offers only http/1.1 by ALPN. */
	private static final class AlpnServer implements AutoCloseable {

		private final javax.net.ssl.SSLServerSocket serverSocket;

		private final Thread thread;

		AlpnServer() throws IOException {
			this.serverSocket = (javax.net.ssl.SSLServerSocket) TestCertificates.serverContext(SPEC, "TLS")
				.getServerSocketFactory()
				.createServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"));
			SSLParameters parameters = this.serverSocket.getSSLParameters();
			parameters.setApplicationProtocols(new String[] { "http/1.1" });
			this.serverSocket.setSSLParameters(parameters);
			this.thread = new Thread(() -> {
				try (SSLSocket socket = (SSLSocket) this.serverSocket.accept()) {
					socket.startHandshake();
					socket.getInputStream().read();
				}
				catch (IOException ex) {
					// client gone
				}
			});
			this.thread.setDaemon(true);
			this.thread.start();
		}

		int port() {
			return this.serverSocket.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			this.serverSocket.close();
		}

	}

}
