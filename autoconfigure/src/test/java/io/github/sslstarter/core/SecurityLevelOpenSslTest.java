package io.github.sslstarter.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.core.SecurityLevelTest.Pki;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.RunningTool;
import io.github.sslstarter.testing.TestTlsServer;
import io.github.sslstarter.verify.SecurityLevel;
import io.github.sslstarter.verify.WeakCertificateException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The security level's verdicts are OpenSSL's: every certificate below is judged at levels 0 to
 * 5 both by {@link SecurityLevel} and by {@code openssl verify -auth_level n} of the machine's
 * OpenSSL (3.0 on Debian), and {@code openssl s_client} at its default level refuses the weak
 * servers this project's client refuses.
 */
class SecurityLevelOpenSslTest {

	private static final Pattern OPENSSL_ERROR = Pattern.compile("error (\\d+) at (\\d+) depth lookup: ?(.*)");

	@TempDir
	static Path dir;

	private static KeyPair bc(String curve) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
			generator.initialize(new ECGenParameterSpec(curve));
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair named(String algorithm) {
		try {
			return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A chain, leaf first, and the trust anchor it leads to. */
	record Case(List<X509Certificate> chain, X509Certificate anchor) {

	}

	private static final Map<String, Case> cases = new LinkedHashMap<>();

	@BeforeAll
	static void certificates() {
		ExternalTool.openssl().require();
		// a P-521 anchor (256 bits) judges nothing but the leaf it signs
		Pki.Ca strong = Pki.ca("P-521 Anchor", Pki.ec("secp521r1"), "SHA512withECDSA");
		for (int bits : new int[] { 919, 920, 1024, 1962, 1963, 2048, 2670, 2671, 3072 }) {
			leaf(strong, "RSA-" + bits, Pki.rsa(bits), "SHA512withECDSA");
		}
		leaf(strong, "EC P-192", bc("secp192r1"), "SHA512withECDSA");
		leaf(strong, "EC P-224", bc("secp224r1"), "SHA512withECDSA");
		leaf(strong, "EC P-256", Pki.ec("secp256r1"), "SHA512withECDSA");
		leaf(strong, "EC P-384", Pki.ec("secp384r1"), "SHA512withECDSA");
		leaf(strong, "EC P-521", Pki.ec("secp521r1"), "SHA512withECDSA");
		leaf(strong, "Ed25519", named("Ed25519"), "SHA512withECDSA");
		leaf(strong, "Ed448", named("Ed448"), "SHA512withECDSA");
		KeyPair p521 = Pki.ec("secp521r1");
		// (OpenSSL 3.0 cannot verify ECDSA with SHA-3 at all, so those are not compared)
		for (String algorithm : new String[] { "SHA1withECDSA", "SHA224withECDSA", "SHA256withECDSA",
				"SHA384withECDSA" }) {
			leaf(strong, algorithm, p521, algorithm);
		}
		Pki.Ca rsa = Pki.ca("RSA-3072 Anchor", Pki.rsa(3072), "SHA256withRSA");
		KeyPair rsa3072 = Pki.rsa(3072);
		for (String algorithm : new String[] { "MD5withRSA", "SHA1withRSA", "SHA224withRSA", "SHA256withRSA",
				"SHA512withRSA", "SHA1withRSAandMGF1", "SHA256withRSAandMGF1" }) {
			leaf(rsa, algorithm, rsa3072, algorithm);
		}
		Pki.Ca ed25519 = Pki.ca("Ed25519 Anchor", named("Ed25519"), "Ed25519");
		leaf(ed25519, "signed with Ed25519", p521, "Ed25519");
		Pki.Ca ed448 = Pki.ca("Ed448 Anchor", named("Ed448"), "Ed448");
		leaf(ed448, "signed with Ed448", p521, "Ed448");
		KeyPair rsa1024 = Pki.rsa(1024);
		Identity underIntermediate = strong.intermediate("RSA-1024 Intermediate", rsa1024, "SHA512withECDSA")
			.issue("below an RSA-1024 intermediate", p521, "SHA512withRSA");
		cases.put("RSA-1024 intermediate", new Case(underIntermediate.chain().subList(0, 2), strong.certificate()));
		Identity sha1Intermediate = strong.intermediate("SHA-1 Intermediate", p521, "SHA1withECDSA")
			.issue("below a SHA-1 intermediate", p521, "SHA512withECDSA");
		cases.put("SHA-1 intermediate", new Case(sha1Intermediate.chain().subList(0, 2), strong.certificate()));
		leaf(Pki.ca("RSA-1024 Anchor", rsa1024, "SHA256withRSA"), "RSA-1024 anchor", p521, "SHA256withRSA");
		leaf(Pki.ca("SHA-1 Anchor", rsa3072, "SHA1withRSA"), "self-signed with SHA-1", p521, "SHA256withRSA");
	}

	private static void leaf(Pki.Ca ca, String name, KeyPair keys, String algorithm) {
		cases.put(name, new Case(ca.issue(name.replace(' ', '-'), keys, algorithm).chain().subList(0, 1),
				ca.certificate()));
	}

	@Test
	void everyVerdictAtEveryLevelIsOpenSslVerifysWithTheSameDepth() throws Exception {
		List<String> table = new ArrayList<>();
		List<String> differences = new ArrayList<>();
		int n = 0;
		for (Map.Entry<String, Case> entry : cases.entrySet()) {
			Case c = entry.getValue();
			Path anchor = write("anchor-" + n + ".pem", List.of(c.anchor()));
			Path leaf = write("leaf-" + n + ".pem", c.chain().subList(0, 1));
			Path untrusted = write("untrusted-" + n++ + ".pem", c.chain().subList(1, c.chain().size()));
			StringBuilder row = new StringBuilder(String.format("%-30s", entry.getKey()));
			for (int level = 0; level <= 5; level++) {
				String ours = ours(c, level);
				String openssl = openssl(anchor, untrusted, leaf, level, c.chain().size() > 1);
				row.append(String.format(" | %d: %-18s", level, ours));
				if (!ours.equals(openssl.replaceAll(" \\(.*", ""))) {
					differences.add(entry.getKey() + " at level " + level + ": ours " + ours + ", openssl " + openssl);
				}
			}
			table.add(row.toString());
		}
		System.out.println("SECURITY LEVELS (ours, checked against openssl verify -auth_level)\n" + String.join("\n", table));
		assertThat(cases).hasSizeGreaterThan(30);
		assertThat(differences).isEmpty();
	}

	/** "ok", or "refused at depth d". */
	private static String ours(Case c, int level) {
		try {
			SecurityLevel.of(level).checkPeerChain(c.chain().toArray(new X509Certificate[0]),
					SecurityLevel.bySubject(List.of(c.anchor())));
			return "ok";
		}
		catch (WeakCertificateException ex) {
			return "refused at depth " + ex.depth();
		}
	}

	private static String openssl(Path anchor, Path untrusted, Path leaf, int level, boolean intermediates)
			throws Exception {
		List<String> command = new ArrayList<>(List.of("verify", "-auth_level", String.valueOf(level),
				"-CAfile", anchor.toString()));
		if (intermediates) {
			command.addAll(List.of("-untrusted", untrusted.toString()));
		}
		command.add(leaf.toString());
		String output = ExternalTool.openssl().in(dir).timeout(Duration.ofSeconds(30)).run(command.toArray(String[]::new))
			.output();
		if (output.contains(leaf + ": OK")) {
			return "ok";
		}
		Matcher error = OPENSSL_ERROR.matcher(output);
		assertThat(error.find()).as(output).isTrue();
		return "refused at depth " + error.group(2) + " (" + error.group(3) + ")";
	}

	@Test
	void openSslClientsAtTheirDefaultLevelRefuseTheWeakServersWeRefuse() throws Exception {
		Pki.Ca ca = Pki.ca("s_client CA", Pki.rsa(2048), "SHA256withRSA");
		Path caFile = write("s_client-ca.pem", List.of(ca.certificate()));
		Map<Identity, String> servers = new LinkedHashMap<>();
		servers.put(ca.issue("rsa1024.localhost", Pki.rsa(1024), "SHA256withRSA"), "66 (EE certificate key too weak)");
		servers.put(ca.issue("sha1.localhost", Pki.rsa(2048), "SHA1withRSA"),
				"68 (CA signature digest algorithm too weak)");
		servers.put(ca.issue("strong.localhost", Pki.rsa(2048), "SHA256withRSA"), "0 (ok)");
		SslSocketFactory ourClient = new SslSocketFactory(new SslContextFactory(SslSettings.builder()
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.build()));
		for (Map.Entry<Identity, String> server : servers.entrySet()) {
			try (TestTlsServer weak = TestTlsServer.start(new SslContextFactory(
					SslSettings.builder().name("server").identity(server.getKey()).securityLevel(0).build()))) {
				String output = ExternalTool.named("sh").in(dir).timeout(Duration.ofSeconds(30)).run("-c",
						"openssl s_client -connect 127.0.0.1:" + weak.port() + " -CAfile " + caFile
								+ " -verify_return_error -servername localhost < /dev/null")
					.output();
				System.out.println("S_CLIENT " + server.getKey().chain().get(0).getSubjectX500Principal() + ": "
						+ output.lines().filter((line) -> line.contains("Verify return code")).findFirst().orElse(output));
				assertThat(output).contains("Verify return code: " + server.getValue());
				if (server.getValue().startsWith("0 ")) {
					ourClient.connect("localhost", weak.port()).close();
				}
				else {
					assertThatExceptionOfType(SslConnectionException.class)
						.isThrownBy(() -> ourClient.connect("localhost", weak.port()))
						.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.WEAK_CERTIFICATE));
				}
			}
		}
	}

	@Test
	void ourClientRefusesAnOpenSslServerPresentingAWeakCertificate() throws Exception {
		Pki.Ca ca = Pki.ca("s_server CA", Pki.rsa(2048), "SHA256withRSA");
		Identity weak = ca.issue("rsa1024.localhost", Pki.rsa(1024), "SHA256withRSA");
		Path cert = write("s_server-cert.pem", weak.chain());
		Path key = dir.resolve("s_server-key.pem");
		Files.writeString(key, pem("PRIVATE KEY", weak.privateKey().getEncoded()));
		int port;
		try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getByName("127.0.0.1"))) {
			port = probe.getLocalPort();
		}
		// s_server itself would refuse to load the weak key at its default level 2
		try (RunningTool server = ExternalTool.openssl().in(dir).start("s_server", "-accept", "127.0.0.1:" + port,
				"-cert", cert.toString(), "-key", key.toString(), "-cipher", "DEFAULT:@SECLEVEL=0", "-www")) {
			server.awaitOutput("ACCEPT", Duration.ofSeconds(20));
			SslSettings settings = SslSettings.builder()
				.trustedCertificates(List.of(ca.certificate()))
				.trustSystemDefaults(false)
				.build();
			assertThatExceptionOfType(SslConnectionException.class)
				.isThrownBy(() -> new SslSocketFactory(new SslContextFactory(settings)).connect("localhost", port))
				.satisfies((ex) -> assertThat(ex.failure()).isEqualTo(TlsFailure.WEAK_CERTIFICATE))
				.withMessageContaining("'CN=rsa1024.localhost' (depth 0) has an RSA key of 1024 bits");
			new SslSocketFactory(new SslContextFactory(settings.toBuilder().securityLevel(1).build()))
				.connect("localhost", port)
				.close();
		}
	}

	private static Path write(String name, List<X509Certificate> certificates) throws Exception {
		StringBuilder pem = new StringBuilder();
		for (X509Certificate certificate : certificates) {
			pem.append(pem("CERTIFICATE", certificate.getEncoded()));
		}
		return Files.writeString(dir.resolve(name), pem);
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
