package io.github.sslstarter.material;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sslstarter.material.MaterialException.Problem;

import static io.github.sslstarter.material.KeyAssertions.assertKeyPairsWith;
import static io.github.sslstarter.material.OpenSsl.PASSWORD;
import static io.github.sslstarter.material.OpenSsl.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Encrypted PKCS#8 in every scheme {@code openssl pkcs8 -topk8} writes (PBES2 with each cipher,
 * each PBKDF2 PRF and scrypt; every -v1 scheme), made by openssl for one EC key: each loads with
 * the right password and is refused as a wrong password only with a wrong one; a scheme that
 * cannot be read is named, with its OIDs, and never blamed on the password. The key types are
 * covered by {@link PrivateKeyEncodingMatrixTest}.
 */
class EncryptedPkcs8Test {

	private static final String[] LEGACY_PROVIDER = { "-provider", "legacy", "-provider", "default" };

	private static final String NON_ASCII_PASSWORD = "pässwörd-€";

	@TempDir
	static Path dir;

	@BeforeAll
	static void generateKey() throws Exception {
		OpenSsl.generateKey(dir, "EC", "ec.pem");
		run(dir, "pkey", "-in", "ec.pem", "-pubout", "-outform", "DER", "-out", "ec.pub.der");
		// A file keeps openssl from seeing the password through the platform's argument encoding.
		Files.writeString(dir.resolve("non-ascii.txt"), NON_ASCII_PASSWORD + "\n", StandardCharsets.UTF_8);
	}

	private static Path pkcs8(String name, String... options) {
		List<String> args = new ArrayList<>(List.of("pkcs8", "-topk8", "-in", "ec.pem", "-passout", "pass:" + PASSWORD,
				"-out", name + ".pem"));
		args.addAll(List.of(options));
		run(dir, args.toArray(String[]::new));
		return dir.resolve(name + ".pem");
	}

	private static String[] legacy(String... options) {
		List<String> args = new ArrayList<>(List.of(options));
		args.addAll(List.of(LEGACY_PROVIDER));
		return args.toArray(String[]::new);
	}

	private static MaterialException failure(Path file, String password) {
		return catchThrowableOfType(MaterialException.class,
				() -> Material.privateKey(file.toString(), (password != null) ? password.toCharArray() : null));
	}

	private static void assertLoadsOnlyWithItsPassword(Path file) throws Exception {
		assertThat(file).content().startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
		assertKeyPairsWith(Material.privateKey(file.toString(), PASSWORD.toCharArray()), dir.resolve("ec.pub.der"));
		MaterialException wrong = failure(file, "wrong-password");
		assertThat(wrong.problem()).isEqualTo(Problem.WRONG_PASSWORD);
		assertThat(wrong.getMessage()).isEqualTo("The password does not decrypt the private key (or the key is corrupt)");
		assertThat(failure(file, null).problem()).isEqualTo(Problem.PASSWORD_REQUIRED);
	}

	private static void assertNamesSchemeWithoutBlamingThePassword(MaterialException ex, String... fragments) {
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(ex.getMessage()).contains(fragments).doesNotContain("password");
		assertThat(ex.action()).contains("openssl pkcs8 -topk8 -v2 aes-256-cbc");
	}

	@ParameterizedTest
	@ValueSource(strings = { "aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "des3", "camellia-128-cbc",
			"camellia-192-cbc", "camellia-256-cbc", "aria-128-cbc", "aria-192-cbc", "aria-256-cbc", "sm4-cbc" })
	void readsPbes2WithEachCipher(String cipher) throws Exception {
		assertLoadsOnlyWithItsPassword(pkcs8("v2-" + cipher, "-v2", cipher));
	}

	@ParameterizedTest
	@ValueSource(strings = { "des-cbc", "rc2-cbc", "bf-cbc", "cast5-cbc", "seed-cbc" })
	void readsPbes2WithEachCipherOfOpensslsLegacyProvider(String cipher) throws Exception {
		assertLoadsOnlyWithItsPassword(pkcs8("v2-" + cipher, legacy("-v2", cipher)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "hmacWithMD5", "hmacWithSHA1", "hmacWithSHA224", "hmacWithSHA256", "hmacWithSHA384",
			"hmacWithSHA512", "hmacWithSHA512-224", "hmacWithSHA512-256" })
	void readsPbes2WithEachPbkdf2Prf(String prf) throws Exception {
		assertLoadsOnlyWithItsPassword(pkcs8("prf-" + prf, "-v2", "aes-256-cbc", "-v2prf", prf));
	}

	@Test
	void readsPbes2WithScrypt() throws Exception {
		assertLoadsOnlyWithItsPassword(pkcs8("scrypt", "-scrypt"));
		assertLoadsOnlyWithItsPassword(pkcs8("scrypt-des3", "-scrypt", "-v2", "des3"));
		assertLoadsOnlyWithItsPassword(pkcs8("scrypt-small", "-scrypt", "-scrypt_N", "1024", "-scrypt_r", "4",
				"-scrypt_p", "2"));
	}

	@Test
	void readsPbes2WithOneIterationAndWithMany() throws Exception {
		assertLoadsOnlyWithItsPassword(pkcs8("noiter", "-v2", "aes-256-cbc", "-noiter"));
		assertLoadsOnlyWithItsPassword(pkcs8("iter", "-v2", "aes-256-cbc", "-iter", "100000"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "PBE-SHA1-3DES", "PBE-SHA1-2DES" })
	void readsPkcs12SchemesOfOpensslsDefaultProvider(String scheme) throws Exception {
		assertLoadsOnlyWithItsPassword(pkcs8("v1-" + scheme, "-v1", scheme));
	}

	@ParameterizedTest
	@ValueSource(strings = { "PBE-MD5-DES", "PBE-SHA1-DES", "PBE-MD5-RC2-64", "PBE-SHA1-RC2-64", "PBE-SHA1-RC4-128",
			"PBE-SHA1-RC4-40", "PBE-SHA1-RC2-128", "PBE-SHA1-RC2-40" })
	void readsPkcs5v15AndPkcs12SchemesOfOpensslsLegacyProvider(String scheme) throws Exception {
		assertLoadsOnlyWithItsPassword(pkcs8("v1-" + scheme, legacy("-v1", scheme)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "-v2 aes-256-cbc", "-scrypt", "-v1 PBE-SHA1-3DES", "-v1 PBE-MD5-DES" })
	void readsNonAsciiPasswordsAsOpensslWritesThem(String scheme) throws Exception {
		String name = "non-ascii" + scheme.replace(' ', '_');
		List<String> args = new ArrayList<>(List.of("pkcs8", "-topk8", "-in", "ec.pem", "-passout", "file:non-ascii.txt",
				"-out", name + ".pem"));
		args.addAll(List.of(scheme.split(" ")));
		args.addAll(List.of(LEGACY_PROVIDER));
		run(dir, args.toArray(String[]::new));
		Path file = dir.resolve(name + ".pem");
		// The JDK's own PBE reads ASCII passwords only, and Spring Boot's parser took that for a wrong one.
		assertKeyPairsWith(Material.privateKey(file.toString(), NON_ASCII_PASSWORD.toCharArray()),
				dir.resolve("ec.pub.der"));
		assertThat(failure(file, "passwörd").problem()).isEqualTo(Problem.WRONG_PASSWORD);
	}

	@Test
	void readsEncryptedPkcs8Der() throws Exception {
		run(dir, "pkcs8", "-topk8", "-in", "ec.pem", "-v2", "des3", "-outform", "DER", "-passout", "pass:" + PASSWORD,
				"-out", "des3.der");
		assertKeyPairsWith(Material.privateKey(dir.resolve("des3.der").toString(), PASSWORD.toCharArray()),
				dir.resolve("ec.pub.der"));
		assertThat(failure(dir.resolve("des3.der"), "wrong-password").problem()).isEqualTo(Problem.WRONG_PASSWORD);
	}

	@ParameterizedTest
	@ValueSource(strings = { "aes-256-ofb:AES-256-OFB:2.16.840.1.101.3.4.1.43",
			"aes-128-cfb:AES-128-CFB:2.16.840.1.101.3.4.1.4", "aes-256-ecb:AES-256-ECB:2.16.840.1.101.3.4.1.41" })
	void refusesPbes2WithACipherThatIsNotCbcNamingIt(String cipherNameOid) {
		String[] parts = cipherNameOid.split(":");
		Path file = pkcs8("v2-" + parts[0], "-v2", parts[0]);
		for (String password : new String[] { PASSWORD, "wrong-password" }) {
			MaterialException ex = failure(file, password);
			assertNamesSchemeWithoutBlamingThePassword(ex, "PBES2 with PBKDF2 hmacWithSHA256 and " + parts[1], parts[2]);
			assertThat(ex.getMessage()).contains("1.2.840.113549.1.5.13").contains("CBC ciphers only");
		}
	}

	/** EncryptedPrivateKeyInfo { AlgorithmIdentifier { oid, parameters }, OCTET STRING 32 bytes }. */
	private static String encryptedPem(String oid, byte[] parameters) {
		byte[] algorithm = (parameters != null) ? Der.element(Der.SEQUENCE, Der.oid(oid), parameters)
				: Der.element(Der.SEQUENCE, Der.oid(oid));
		byte[] info = Der.element(Der.SEQUENCE, algorithm, Der.element(Der.OCTET_STRING, new byte[32]));
		return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(info)
				+ "\n-----END ENCRYPTED PRIVATE KEY-----\n";
	}

	private static byte[] integer(long value) {
		return Der.element(Der.INTEGER, BigInteger.valueOf(value).toByteArray());
	}

	private static byte[] pbeParameters(long iterations) {
		return Der.element(Der.SEQUENCE, Der.element(Der.OCTET_STRING, new byte[8]), integer(iterations));
	}

	private static byte[] pbes2(byte[] kdf) {
		byte[] cipher = Der.element(Der.SEQUENCE, Der.oid("2.16.840.1.101.3.4.1.42"),
				Der.element(Der.OCTET_STRING, new byte[16]));
		return Der.element(Der.SEQUENCE, kdf, cipher);
	}

	private static MaterialException inlineFailure(String pem) {
		return catchThrowableOfType(MaterialException.class, () -> Material.privateKey(pem, PASSWORD.toCharArray()));
	}

	@Test
	void refusesMd2SchemesNamingThem() {
		// openssl 3 can no longer write these: the file is built here.
		assertNamesSchemeWithoutBlamingThePassword(inlineFailure(encryptedPem("1.2.840.113549.1.5.1", pbeParameters(2048))),
				"PBE-MD2-DES (OID 1.2.840.113549.1.5.1)", "MD2 is broken");
		assertNamesSchemeWithoutBlamingThePassword(inlineFailure(encryptedPem("1.2.840.113549.1.5.4", pbeParameters(2048))),
				"PBE-MD2-RC2-64", "1.2.840.113549.1.5.4");
	}

	@Test
	void refusesAnUnknownSchemeNamingItsOid() {
		assertNamesSchemeWithoutBlamingThePassword(inlineFailure(encryptedPem("1.2.3.4.5", null)),
				"an unknown scheme (OID 1.2.3.4.5)", "neither PBES2, PBES1 nor a PKCS#12 PBE scheme");
	}

	@Test
	void refusesAnUnknownPrfNamingItsOid() {
		byte[] kdf = Der.element(Der.SEQUENCE, Der.oid(PbeScheme.PBKDF2), Der.element(Der.SEQUENCE,
				Der.element(Der.OCTET_STRING, new byte[8]), integer(2048), Der.element(Der.SEQUENCE, Der.oid("1.2.3.99"))));
		assertNamesSchemeWithoutBlamingThePassword(inlineFailure(encryptedPem(PbeScheme.PBES2, pbes2(kdf))),
				"PBES2 with PBKDF2 with an unknown PRF and AES-256-CBC", "1.2.3.99");
	}

	@Test
	void refusesHostileKdfParametersAtOnce() {
		byte[] kdf = Der.element(Der.SEQUENCE, Der.oid(PbeScheme.PBKDF2),
				Der.element(Der.SEQUENCE, Der.element(Der.OCTET_STRING, new byte[8]), integer(Integer.MAX_VALUE)));
		long start = System.nanoTime();
		MaterialException iterations = inlineFailure(encryptedPem(PbeScheme.PBES2, pbes2(kdf)));
		assertNamesSchemeWithoutBlamingThePassword(iterations, "2147483647 iterations", "10000000");
		byte[] scrypt = Der.element(Der.SEQUENCE, Der.oid(PbeScheme.SCRYPT), Der.element(Der.SEQUENCE,
				Der.element(Der.OCTET_STRING, new byte[8]), integer(1L << 30), integer(8), integer(1)));
		MaterialException memory = inlineFailure(encryptedPem(PbeScheme.PBES2, pbes2(scrypt)));
		assertNamesSchemeWithoutBlamingThePassword(memory, "N=1073741824, r=8, p=1", "256 MiB");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void refusesDamagedSchemeParametersWithoutBlamingThePassword() {
		MaterialException ex = inlineFailure(encryptedPem(PbeScheme.PBES2, Der.element(Der.OCTET_STRING, new byte[3])));
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(ex.getMessage()).startsWith("The encrypted private key is damaged").doesNotContain("password");
	}

}
