package io.github.sslstarter.spec;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.RunningTool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Handshakes of a JSSE client whose protocols and ciphers come from the spec languages against a
 * real {@code openssl s_server} restricted to one version (and once to one suite).
 */
class ProtocolHandshakeTest {

	@TempDir
	static Path dir;

	private static SSLContext client;

	private static List<String> supportedProtocols;

	@BeforeAll
	static void certificateAndClient() throws Exception {
		ExternalTool.openssl().require();
		ExternalTool.Result req = ExternalTool.openssl().run("req", "-x509", "-newkey", "ec", "-pkeyopt",
				"ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=localhost", "-days", "1", "-keyout",
				dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString());
		assertThat(req.exitCode()).as(req.stderr()).isZero();
		client = SSLContext.getInstance("TLS");
		// Trusting everything is fine here: these tests are about versions and suites, not trust.
		client.init(null, new TrustManager[] { new TrustAll() }, new SecureRandom());
		supportedProtocols = List.of(client.getSupportedSSLParameters().getProtocols());
	}

	@Test
	void tls12SpecHandshakesWithATls12OnlyServer() throws Exception {
		assertThat(handshake("-tls1_2", "TLSv1_2", null)).isEqualTo("TLSv1.2");
	}

	@Test
	void sslv23SpecHandshakesWithATls12OnlyServer() throws Exception {
		assertThat(handshake("-tls1_2", "SSLv23:!SSLv2:!SSLv3", null)).isEqualTo("TLSv1.2");
	}

	@Test
	void tls13SpecFailsWithATls12OnlyServer() {
		assertThatExceptionOfType(SSLException.class).isThrownBy(() -> handshake("-tls1_2", "TLSv13", null));
	}

	@Test
	void tls13SpecHandshakesWithATls13OnlyServer() throws Exception {
		assertThat(handshake("-tls1_3", "TLSv1.3", null)).isEqualTo("TLSv1.3");
	}

	@Test
	void excludingTls13FailsWithATls13OnlyServer() {
		assertThatExceptionOfType(SSLException.class).isThrownBy(() -> handshake("-tls1_3", "SSLv23:!TLSv1_3", null));
	}

	@Test
	void defaultSpecHandshakesWithATls13OnlyServer() throws Exception {
		assertThat(handshake("-tls1_3", null, null)).isEqualTo("TLSv1.3");
	}

	@Test
	void resolvedCipherListNegotiatesTheServersOnlySuite() throws Exception {
		String suite = handshake("-tls1_2", "TLSv1.2", "ECDHE-ECDSA-AES256-GCM-SHA384", "HIGH:!aNULL:!kRSA");
		assertThat(suite).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
	}

	@Test
	void resolvedCipherListWithoutTheServersSuiteFails() {
		assertThatExceptionOfType(SSLException.class).isThrownBy(
				() -> handshake("-tls1_2", "TLSv1.2", "ECDHE-ECDSA-AES256-GCM-SHA384", "HIGH:!aNULL:!AES256"));
	}

	private String handshake(String serverVersion, String protocolSpec, String serverCipher) throws Exception {
		return handshake(serverVersion, protocolSpec, serverCipher, null);
	}

	/** Returns the negotiated protocol, or the negotiated suite when a cipher string is given. */
	private String handshake(String serverVersion, String protocolSpec, String serverCipher, String cipherSpec)
			throws Exception {
		int port = ExternalTool.freePort();
		List<String> command = new ArrayList<>(List.of("s_server", "-accept", "127.0.0.1:" + port,
				"-naccept", "1", "-cert", dir.resolve("cert.pem").toString(), "-key",
				dir.resolve("key.pem").toString(), serverVersion));
		if (serverCipher != null) {
			command.addAll(List.of("-cipher", serverCipher));
		}
		try (RunningTool server = ExternalTool.openssl().start(command.toArray(new String[0]))) {
			// s_server prints ACCEPT once it listens
			server.awaitOutput("ACCEPT", Duration.ofSeconds(20));
			try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
				socket.setSoTimeout(5000);
				socket.setEnabledProtocols(ProtocolSpec.resolve(protocolSpec, supportedProtocols).toArray(String[]::new));
				if (cipherSpec != null) {
					List<String> suites = List.of(client.getSupportedSSLParameters().getCipherSuites());
					socket.setEnabledCipherSuites(CipherSpec.resolve(cipherSpec, suites).toArray(String[]::new));
				}
				socket.startHandshake();
				return (cipherSpec != null) ? socket.getSession().getCipherSuite() : socket.getSession().getProtocol();
			}
		}
	}

	private static final class TrustAll implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
