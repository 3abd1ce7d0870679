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

import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;
import io.github.sslstarter.test.TlsServer;
import io.github.sslstarter.verify.HostnameScheme;
import io.github.sslstarter.verify.PeerCertificate;
import io.github.sslstarter.verify.SubjectAltName;
import io.github.sslstarter.core.VerifyingTrustManager;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection view of a real loopback TLS connection. */
class SslConnectionTest {

	private static final TestCertificate ca = TestCertificate.authority("sslstarter test CA");

	private static final TestCertificate PEER = TestCertificate.builder()
		.commonName("peer.example.org")
		.subjectAltNames("DNS:peer.example.org", "IP:127.0.0.1", "EMAIL:ops@example.org")
		.signedBy(ca)
		.build();

	private static TlsServer server;

	private static SslConnection connection;

	@BeforeAll
	static void connect() throws IOException {
		server = TlsServer.builder().certificate(PEER).protocols("TLSv1.3").start();
		SSLContext context = TestSslContexts.context("TLS", null,
				new VerifyingTrustManager(TestSslContexts.trustManager(ca.certificate()), HostnameScheme.DEFAULT, null));
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
		assertThat(connection.peerChain()).containsExactly(PEER.certificate(), ca.certificate());
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
		byte[] encoded = PEER.certificate().getEncoded();
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
		SSLContext context = TestSslContexts.context("TLS", null,
				new VerifyingTrustManager(TestSslContexts.trustManager(ca.certificate()), HostnameScheme.DEFAULT, null));
		// a one-shot server that offers only http/1.1 by ALPN
		try (TlsServer alpn = TlsServer.builder()
			.certificate(PEER)
			.maxConnections(1)
			.sslParameters((parameters) -> parameters.setApplicationProtocols(new String[] { "http/1.1" }))
			.handler((socket) -> socket.getInputStream().read())
			.start(); Socket plain = new Socket()) {
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

}
