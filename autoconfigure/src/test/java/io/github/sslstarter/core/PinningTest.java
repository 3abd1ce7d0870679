package io.github.sslstarter.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.RunningTool;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.Identities;
import io.github.sslstarter.testing.TestTlsServer;
import io.github.sslstarter.verify.Pins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code trust.pins} against real peers on loopback: an in-process JSSE server with a CA-issued
 * chain, {@code openssl s_server} with a self-signed certificate, and Perl's IO::Socket::SSL
 * taking our pins in its own {@code SSL_fingerprint} form.
 */
class PinningTest {

	private static final TestCertificate root = TestCertificate.builder()
		.commonName("Pinning Root")
		.certificateAuthority(1)
		.build();

	private static final TestCertificate intermediate = TestCertificate.builder()
		.commonName("Pinning Intermediate")
		.certificateAuthority(0)
		.signedBy(root)
		.build();

	private static final TestCertificate leaf = TestCertificate.builder().localhost().signedBy(intermediate).build();

	private static final TestCertificate selfSigned = TestCertificate.builder().localhost().build();

	private static final TestCertificate otherKey = TestCertificate.builder().localhost().build();

	private static final Pattern PRESENTED = Pattern.compile("(sha256/[A-Za-z0-9+/=]{44}) \\('CN=localhost'\\)");

	@TempDir
	Path dir;

	@Test
	void aPinOfTheLeafTheIntermediateOrTheRootAcceptsTheVerifiedChain() throws Exception {
		try (TestTlsServer server = jsseServer(leaf)) {
			for (TestCertificate pinned : List.of(leaf, intermediate, root)) {
				assertConnects(client(caSigned(Pins.spki(pinned.certificate()))), server.port());
			}
		}
	}

	@Test
	void aPinNoCertificateOfTheChainMatchesIsAPinMismatchNamingThePresentedPins() throws Exception {
		String wrong = Pins.spki(otherKey.certificate());
		try (TestTlsServer server = jsseServer(leaf)) {
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(caSigned(wrong)).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).as(ex.getMessage()).isEqualTo(TlsFailure.PIN_MISMATCH))
				.withMessageContaining("no pin of trust.pins [" + wrong + "] matches the verified chain")
				.withMessageContaining(Pins.spki(leaf.certificate()) + " ('CN=localhost')")
				.withMessageContaining(Pins.spki(intermediate.certificate()) + " ('CN=Pinning Intermediate')")
				.withMessageContaining(Pins.spki(root.certificate()) + " ('CN=Pinning Root')")
				.withMessageContaining("add one of the presented pins to trust.pins");
		}
	}

	@Test
	void thePinAMismatchNamesCanBeCopiedIntoTheConfiguration() throws Exception {
		try (TestTlsServer server = jsseServer(leaf)) {
			String message = null;
			try (Socket socket = client(caSigned(Pins.spki(otherKey.certificate()))).connect("localhost", server.port())) {
				throw new AssertionError("connected with a wrong pin");
			}
			catch (SslConnectionException ex) {
				message = ex.getMessage();
			}
			Matcher presented = PRESENTED.matcher(message);
			assertThat(presented.find()).as(message).isTrue();
			assertConnects(client(caSigned(presented.group(1))), server.port());
		}
	}

	@Test
	void aClientGivenOnlyTheSslContextIsPinnedToo() throws Exception {
		SslContextFactory context = new SslContextFactory(caSigned(Pins.spki(otherKey.certificate())));
		try (TestTlsServer server = jsseServer(leaf);
				javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.sslContext()
					.getSocketFactory()
					.createSocket("localhost", server.port())) {
			org.assertj.core.api.Assertions.assertThatThrownBy(socket::startHandshake)
				.isInstanceOf(javax.net.ssl.SSLHandshakeException.class)
				.hasStackTraceContaining("no pin of trust.pins");
		}
		SslContextFactory pinned = new SslContextFactory(caSigned(Pins.spki(root.certificate())));
		try (TestTlsServer server = jsseServer(leaf);
				javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) pinned.sslContext()
					.getSocketFactory()
					.createSocket("localhost", server.port())) {
			socket.startHandshake();
			assertThat(socket.getSession().getPeerCertificates()).hasSize(3);
		}
	}

	@Test
	void aPinAddsToVerificationAndDoesNotReplaceIt() throws Exception {
		try (RunningTool server = ExternalTool.opensslServer(this.dir, selfSigned, "-www")) {
			SslSettings settings = caSigned(Pins.spki(selfSigned.certificate()));
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(settings).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.UNTRUSTED_ISSUER));
		}
	}

	@Test
	void withPinsReplaceChainAPinnedSelfSignedServerIsAcceptedInEachForm() throws Exception {
		String certificateDigest = fingerprint(selfSigned);
		try (RunningTool server = ExternalTool.opensslServer(this.dir, selfSigned, "-www")) {
			for (String pin : List.of(Pins.spki(selfSigned.certificate()), "sha256$" + certificateDigest)) {
				assertConnects(client(replacingChain(pin)), server.port());
			}
		}
	}

	@Test
	void withPinsReplaceChainTheNameIsStillChecked() throws Exception {
		try (RunningTool server = ExternalTool.opensslServer(this.dir, selfSigned, "-www")) {
			SslSettings settings = replacingChain(Pins.spki(selfSigned.certificate()));
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(settings).connect("127.0.0.1", server.port(), null, "elsewhere.example"))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
		}
	}

	@Test
	void withPinsReplaceChainALeafNoPinMatchesIsAPinMismatchNotAnUntrustedIssuer() throws Exception {
		try (RunningTool server = ExternalTool.opensslServer(this.dir, selfSigned, "-www")) {
			SslSettings settings = replacingChain(Pins.spki(otherKey.certificate()));
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(settings).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.PIN_MISMATCH))
				.withMessageContaining("matches the leaf certificate (trust.pins-replace-chain)")
				.withMessageContaining(Pins.spki(selfSigned.certificate()));
		}
	}

	@Test
	void withPinsReplaceChainOnlyTheLeafMayMatch() throws Exception {
		// an intermediate the peer sends proves nothing when its chain is not verified
		try (TestTlsServer server = jsseServer(leaf)) {
			SslSettings settings = SslSettings.builder()
				.name("replace")
				.trustSystemDefaults(false)
				.trustedCertificates(List.of(otherKey.certificate()))
				.trustPins(Pins.of(List.of(Pins.spki(intermediate.certificate()))))
				.trustPinsReplaceChain(true)
				.build();
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> client(settings).connect("localhost", server.port()))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.PIN_MISMATCH));
		}
	}

	@Test
	void aServerPinsTheCertificatesOfItsClientsToo() throws Exception {
		TestCertificate client = TestCertificate.builder().commonName("pinned client").signedBy(intermediate).build();
		SslSettings.Builder server = SslSettings.builder()
			.name("server")
			.identity(Identities.identity(leaf))
			.clientAuth(ClientAuth.NEED)
			.trustSystemDefaults(false)
			.trustedCertificates(List.of(root.certificate()));
		SslSocketFactory clientFactory = client(SslSettings.builder()
			.name("client")
			.identity(Identities.identity(client))
			.trustSystemDefaults(false)
			.trustedCertificates(List.of(root.certificate()))
			.build());
		try (TestTlsServer pinned = TestTlsServer.start(new SslContextFactory(
				server.trustPins(Pins.of(List.of(Pins.spki(client.certificate())))).build()))) {
			assertConnects(clientFactory, pinned.port());
		}
		try (TestTlsServer pinned = TestTlsServer.start(new SslContextFactory(
				server.trustPins(Pins.of(List.of(Pins.spki(otherKey.certificate())))).build()))) {
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> assertConnects(clientFactory, pinned.port()));
			// the client may hear the server's alert before the server's thread has recorded its failure
			long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
			while (pinned.lastFailure() == null && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(pinned.lastFailure()).isNotNull();
			assertThat(TlsFailures.classify(pinned.lastFailure(), "client").failure()).isEqualTo(TlsFailure.PIN_MISMATCH);
		}
	}

	@Test
	void ioSocketSslAcceptsOurServerByThePublicKeyPinWeComputeInItsForm() throws Exception {
		String pin = Pins.spki(selfSigned.certificate());
		String ours = "sha256$pub$" + publicKeyDigest(selfSigned);
		assertThat(Pins.of(List.of(ours)).matches(selfSigned.certificate())).isTrue();
		String script = """
				use IO::Socket::SSL;
				my $s = IO::Socket::SSL->new(PeerAddr => '127.0.0.1', PeerPort => $ARGV[0], SSL_hostname => 'localhost',
				    SSL_verify_mode => SSL_VERIFY_PEER, SSL_ca_file => $ARGV[2], SSL_fingerprint => $ARGV[1])
				    or die "connect: $SSL_ERROR\\n";
				print "fingerprint=", $s->get_fingerprint('sha256', undef, 1), "\\n";
				""";
		Path unrelatedCa = otherKey.writeCertificate(this.dir.resolve("unrelated.pem"));
		try (TestTlsServer server = jsseServer(selfSigned)) {
			ExternalTool.Result result = ExternalTool.perl("IO::Socket::SSL")
				.in(this.dir)
				.timeout(Duration.ofSeconds(20))
				.run("-e", script, String.valueOf(server.port()), ours, unrelatedCa.toString());
			assertThat(result.output()).contains("fingerprint=" + ours);
		}
		assertThat(pin).startsWith("sha256/");
	}

	private static String publicKeyDigest(TestCertificate certificate) throws Exception {
		byte[] spki = certificate.certificate().getPublicKey().getEncoded();
		// the subjectPublicKey BIT STRING is the SPKI's last element; an EC P-256 key's is 66 bytes
		byte[] bits = java.util.Arrays.copyOfRange(spki, spki.length - 65, spki.length);
		return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bits));
	}

	private String fingerprint(TestCertificate certificate) {
		Path pem = certificate.writeCertificate(this.dir.resolve("fingerprint.pem"));
		String printed = ExternalTool.openssl()
			.in(this.dir)
			.timeout(Duration.ofSeconds(20))
			.run("x509", "-in", pem.toString(), "-noout", "-fingerprint", "-sha256")
			.stdout();
		return printed.substring(printed.indexOf('=') + 1).strip();
	}

	private static SslSettings caSigned(String pin) {
		return SslSettings.builder()
			.name("pinned")
			.trustSystemDefaults(false)
			.trustedCertificates(List.of(root.certificate()))
			.trustPins(Pins.of(List.of(pin)))
			.build();
	}

	private static SslSettings replacingChain(String pin) {
		return SslSettings.builder()
			.name("replace")
			.trustSystemDefaults(false)
			.trustedCertificates(List.of(root.certificate()))
			.trustPins(Pins.of(List.of(pin)))
			.trustPinsReplaceChain(true)
			.build();
	}

	private static TestTlsServer jsseServer(TestCertificate certificate) throws IOException {
		return TestTlsServer.start(new SslContextFactory(
				SslSettings.builder().name("server").identity(Identities.identity(certificate)).build()));
	}

	private static SslSocketFactory client(SslSettings settings) {
		return new SslSocketFactory(new SslContextFactory(settings));
	}

	private static void assertConnects(SslSocketFactory factory, int port) throws Exception {
		try (Socket socket = factory.connect("localhost", port)) {
			socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			assertThat(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
				.readLine()).isNotNull();
		}
	}

}
