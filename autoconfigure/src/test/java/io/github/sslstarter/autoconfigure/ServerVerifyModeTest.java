package io.github.sslstarter.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.testing.Identities;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.core.ClientAuth;
import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslServerSocketFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.ExternalTool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A server's {@code verify.mode: peer}, set explicitly, asks clients for a certificate
 * (IO::Socket::SSL's {@code SSL_VERIFY_PEER} on a server) and verifies one when sent, unless
 * {@code client-auth} says otherwise; a server whose verify mode nobody set asks for none.
 */
class ServerVerifyModeTest {

	private static final TestCertificate ca = TestCertificate.authority("Verify Mode CA");

	private static final TestCertificate otherCa = TestCertificate.authority("Stranger CA");

	private static final Identity serverIdentity = Identities.identity(TestCertificate.builder().localhost().signedBy(ca).build());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class,
				org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class))
		.withBean("serverChain", X509Certificate[].class,
				() -> serverIdentity.chain().toArray(new X509Certificate[0]))
		.withBean("serverKey", PrivateKey.class, serverIdentity::privateKey)
		.withBean("testCa", X509Certificate.class, ca::certificate)
		.withPropertyValues("ssl.identity.certificate=bean:serverChain", "ssl.identity.private-key=bean:serverKey",
				"ssl.trust.ca-file=bean:testCa", "ssl.trust.system-defaults=false");

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', value = { "ssl.sni=x | NONE", "ssl.verify.mode=peer | WANT",
			"ssl.verify.mode=client-once | WANT", "ssl.verify.mode=fail-if-no-peer-cert | NEED",
			"ssl.verify.mode=none | NONE", "ssl.verify.mode=peer, ssl.client-auth=none | NONE",
			"ssl.verify.mode=peer, ssl.client-auth=need | NEED", "ssl.client-auth=want | WANT",
			"ssl.contexts.inner.sni=x, ssl.verify.mode=peer | WANT",
			"ssl.contexts.inner.verify.mode=peer | WANT",
			"ssl.contexts.inner.verify.mode=none, ssl.verify.mode=peer | NONE" })
	void clientAuthFollowsAConfiguredVerifyModeUnlessSet(String properties, ClientAuth expected) {
		String[] values = properties.split(",\\s*");
		String context = properties.contains("ssl.contexts.inner.") ? "innerSslContextFactory" : "sslContextFactory";
		this.runner.withPropertyValues(values).run((spring) -> {
			assertThat(spring).hasNotFailed();
			assertThat(spring.getBean(context, SslContextFactory.class).serverClientAuth()).isEqualTo(expected);
		});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void anExplicitVerifyModePeerSendsOpenSslACertificateRequest(String protocol, @TempDir Path dir)
			throws Exception {
		ExternalTool.openssl().require();
		ca.writeCertificate(dir.resolve("ca.pem"));
		this.runner.withPropertyValues("ssl.verify.mode=peer").run((spring) -> {
			try (OneConnectionServer server = new OneConnectionServer(spring.getBean(SslServerSocketFactory.class))) {
				String output = sClient(dir, server.port(), protocol);
				assertThat(output).contains("Acceptable client certificate CA names")
					.contains("CN = Verify Mode CA")
					.contains("Requested Signature Algorithms")
					.doesNotContain("No client certificate CA names sent");
				assertThat(server.peerChain()).isEmpty();
			}
		});
	}

	@Test
	void aServerWhoseVerifyModeNobodySetSendsNoCertificateRequest(@TempDir Path dir) throws Exception {
		ExternalTool.openssl().require();
		ca.writeCertificate(dir.resolve("ca.pem"));
		this.runner.run((spring) -> {
			try (OneConnectionServer server = new OneConnectionServer(spring.getBean(SslServerSocketFactory.class))) {
				String output = sClient(dir, server.port(), "TLSv1.3");
				assertThat(output).contains("No client certificate CA names sent")
					.doesNotContain("Acceptable client certificate CA names");
			}
		});
	}

	@Test
	void verifyModePeerTakesAndVerifiesTheCertificateOfAJsseClient() {
		Identity clientIdentity = Identities.identity(TestCertificate.builder().commonName("client.example").dnsNames().ipAddresses().signedBy(ca).build());
		this.runner.withPropertyValues("ssl.verify.mode=peer").run((spring) -> {
			try (OneConnectionServer server = new OneConnectionServer(spring.getBean(SslServerSocketFactory.class));
					SSLSocket socket = client(clientIdentity).connect("localhost", server.port())) {
				socket.getInputStream().read();
				assertThat(server.peerChain()).extracting((c) -> ((X509Certificate) c).getSubjectX500Principal().getName())
					.containsExactly("CN=client.example", ca.certificate().getSubjectX500Principal().getName());
			}
		});
	}

	@Test
	void verifyModePeerAcceptsAJsseClientWithoutCertificate() {
		this.runner.withPropertyValues("ssl.verify.mode=peer").run((spring) -> {
			try (OneConnectionServer server = new OneConnectionServer(spring.getBean(SslServerSocketFactory.class));
					SSLSocket socket = client(null).connect("localhost", server.port())) {
				assertThat(socket.getInputStream().read()).isEqualTo('o');
				assertThat(server.peerChain()).isEmpty();
			}
		});
	}

	@Test
	void verifyModePeerRefusesAClientCertificateItDoesNotTrust(@TempDir Path dir) throws Exception {
		ExternalTool.openssl().require();
		ca.writeCertificate(dir.resolve("ca.pem"));
		// a JSSE client offers only certificates of the CAs the server names; openssl sends what it is given
		TestCertificate.PemFiles stranger = TestCertificate.builder().commonName("stranger.example").signedBy(otherCa)
			.build().writeTo(dir, "stranger");
		this.runner.withPropertyValues("ssl.verify.mode=peer").run((spring) -> {
			try (OneConnectionServer server = new OneConnectionServer(spring.getBean(SslServerSocketFactory.class))) {
				sClient(dir, server.port(), "TLSv1.3", "-cert " + stranger.chain() + " -key " + stranger.privateKey());
				assertThat(server.failure()).isInstanceOfSatisfying(SslConnectionException.class, (ex) -> {
					assertThat(ex.failure()).isEqualTo(TlsFailure.UNTRUSTED_ISSUER);
					assertThat(ex).hasMessageContaining("CN=stranger.example");
				});
			}
		});
	}

	private static SslSocketFactory client(Identity identity) {
		return client(identity, "TLSv1.2:TLSv1.3");
	}

	private static SslSocketFactory client(Identity identity, String protocols) {
		return new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.name("client")
			.protocols(protocols)
			.identity(identity)
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.build()));
	}

	private static String sClient(Path dir, int port, String protocol) throws Exception {
		return sClient(dir, port, protocol, "");
	}

	private static String sClient(Path dir, int port, String protocol, String arguments) throws Exception {
		String version = "TLSv1.3".equals(protocol) ? "-tls1_3" : "-tls1_2";
		return ExternalTool.named("sh").in(dir).timeout(Duration.ofSeconds(20)).run("-c", "openssl s_client -connect 127.0.0.1:"
				+ port + " " + version + " -CAfile ca.pem -servername localhost " + arguments + " </dev/null").output();
	}

	/** Accepts one connection, runs its handshake through the factory and says "ok". */
	private static final class OneConnectionServer implements AutoCloseable {

		private final ServerSocket listener;

		private final CompletableFuture<Object> outcome = new CompletableFuture<>();

		OneConnectionServer(SslServerSocketFactory factory) throws IOException {
			this.listener = factory.createServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
			Thread thread = new Thread(() -> {
				try (SSLSocket accepted = factory.handshake((SSLSocket) this.listener.accept())) {
					Certificate[] chain;
					try {
						chain = accepted.getSession().getPeerCertificates();
					}
					catch (SSLPeerUnverifiedException ex) {
						chain = new Certificate[0];
					}
					this.outcome.complete(chain);
					accepted.getOutputStream().write("ok\n".getBytes(StandardCharsets.US_ASCII));
					accepted.getOutputStream().flush();
				}
				catch (IOException | RuntimeException ex) {
					this.outcome.complete(ex);
				}
			}, "verify-mode-server");
			thread.setDaemon(true);
			thread.start();
		}

		int port() {
			return this.listener.getLocalPort();
		}

		List<Certificate> peerChain() throws Exception {
			Object result = this.outcome.get(10, TimeUnit.SECONDS);
			assertThat(result).as("the server's handshake").isInstanceOf(Certificate[].class);
			return List.of((Certificate[]) result);
		}

		Object failure() throws Exception {
			return this.outcome.get(10, TimeUnit.SECONDS);
		}

		@Override
		public void close() throws IOException {
			this.listener.close();
		}

	}

}
