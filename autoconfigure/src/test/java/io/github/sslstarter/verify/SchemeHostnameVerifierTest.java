package io.github.sslstarter.verify;

import io.github.sslstarter.core.VerifyingTrustManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;
import io.github.sslstarter.test.TlsServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheme applied after a real loopback handshake, as HTTP clients call it. */
class SchemeHostnameVerifierTest {

	private static final TestCertificate ca = TestCertificate.authority("sslstarter test CA");

	private static TlsServer server;

	private static SSLSession session;

	@BeforeAll
	static void handshake() throws IOException {
		server = TlsServer.builder()
			.certificate(TestCertificate.builder().commonName("cn.example.org").dnsNames("*.example.org").signedBy(ca)
				.build())
			.start();
		// chain checked only: the verifier under test does the host check afterwards
		SSLContext context = TestSslContexts.context("TLS", null,
				new VerifyingTrustManager(TestSslContexts.trustManager(ca.certificate()), HostnameScheme.NONE, null));
		try (Socket plain = new Socket()) {
			plain.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "x", server.port(),
					false)) {
				session = socket.getSession();
			}
		}
	}

	@AfterAll
	static void stop() throws IOException {
		server.close();
	}

	@Test
	void acceptsHostMatchingUnderTheScheme() {
		assertThat(new SchemeHostnameVerifier(HostnameScheme.named("smtp"), null).verify("mail.example.org", session))
			.isTrue();
	}

	@Test
	void rejectsHostTheSchemeDoesNotAllow() {
		SchemeHostnameVerifier verifier = new SchemeHostnameVerifier(HostnameScheme.named("sip"), null);
		assertThat(verifier.verify("mail.example.org", session)).isFalse();
		assertThat(verifier.match("mail.example.org", session).describe()).contains("*.example.org");
	}

	@Test
	void fixedNameReplacesTheClientsHost() {
		SchemeHostnameVerifier verifier = new SchemeHostnameVerifier(HostnameScheme.named("ldap"), "cn.example.org");
		assertThat(verifier.verify("elsewhere.invalid", session)).isTrue();
	}

	@Test
	void schemeNoneAcceptsAnyHost() {
		assertThat(new SchemeHostnameVerifier(HostnameScheme.NONE, null).verify("elsewhere.invalid", session)).isTrue();
	}

}
