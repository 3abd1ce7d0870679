package io.github.sslstarter.material;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.sslstarter.material.LegacyKeyWithoutBouncyCastleTest.HidingClassLoader;
import io.github.sslstarter.material.MaterialException.Problem;

import static io.github.sslstarter.material.KeyAssertions.assertKeyPairsWith;
import static io.github.sslstarter.material.OpenSsl.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 10: every private-key encoding openssl and keytool write, for every key type, made by the
 * CLI in a temporary directory and read back. A cell that loads is checked against the key's
 * certificate ({@link Identity#of}, which runs KeyMatch) and against openssl's public key; a wrong
 * password is blamed only where the key is encrypted (an unencrypted key ignores it); the same
 * file is read again with Bouncy Castle hidden, to show what needs it. A combination that cannot
 * work is asserted as such: openssl refusing to write it, or this starter refusing to read it with
 * a message that names the scheme and does not blame the password. The table is printed at the end.
 */
class PrivateKeyEncodingMatrixTest {

	private static final String LEGACY = "-provider legacy -provider default";

	@TempDir
	static Path dir;

	private static final Map<String, Map<KeyType, String>> results = new ConcurrentHashMap<>();

	private static HidingClassLoader withoutBouncyCastle;

	/** The key types, how openssl and keytool make them, and the openssl tool of their traditional form. */
	enum KeyType {

		RSA("RSA", "-algorithm RSA -pkeyopt rsa_keygen_bits:2048", "-keyalg RSA -keysize 2048", "rsa"),
		RSA_PSS("RSA-PSS", "-algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048", "-keyalg RSASSA-PSS -keysize 2048",
				"rsa"),
		P256("EC P-256", "-algorithm EC -pkeyopt ec_paramgen_curve:P-256", "-keyalg EC -groupname secp256r1", "ec"),
		P384("EC P-384", "-algorithm EC -pkeyopt ec_paramgen_curve:P-384", "-keyalg EC -groupname secp384r1", "ec"),
		P521("EC P-521", "-algorithm EC -pkeyopt ec_paramgen_curve:P-521", "-keyalg EC -groupname secp521r1", "ec"),
		ED25519("Ed25519", "-algorithm ED25519", "-keyalg Ed25519", "ec"),
		ED448("Ed448", "-algorithm ED448", "-keyalg Ed448", "ec");

		final String title;

		final String genpkey;

		final String keytool;

		/** {@code openssl rsa} or {@code openssl ec}; Ed keys are tried with ec, which refuses them. */
		final String tool;

		KeyType(String title, String genpkey, String keytool, String tool) {
			this.title = title;
			this.genpkey = genpkey;
			this.keytool = keytool;
			this.tool = tool;
		}

		boolean isRsa() {
			return this == RSA || this == RSA_PSS;
		}

		boolean isEc() {
			return this == P256 || this == P384 || this == P521;
		}

		Path directory() {
			return dir.resolve(name());
		}

	}

	/** What a cell must do. */
	enum Outcome {

		/** Loads, with and without Bouncy Castle. */
		LOADS("ok"),
		/** Loads with Bouncy Castle; without it, names the dependency. */
		NEEDS_BC("ok, needs BC"),
		/** Refused with a message naming what cannot be read (never the password). */
		REFUSED("refused"),
		/** openssl (or keytool) itself refuses to write this key type in this encoding. */
		NOT_WRITTEN("not written");

		final String cell;

		Outcome(String cell) {
			this.cell = cell;
		}

	}

	/** An expected outcome; {@code detail} is the fragment its message or openssl's error must hold. */
	record Expected(Outcome outcome, String detail) {
	}

	/** How a file is read: as a private key, or as a keystore holding one. */
	enum Read {

		KEY, KEYSTORE

	}

	/**
	 * One encoding: the commands that write it from {@code key.pem} and {@code cert.pem} ({tool} is
	 * the key type's rsa/ec tool, {traditional} its -traditional flag), the file they write, how it
	 * is read, whether it is encrypted, and what each key type must get.
	 */
	record Encoding(String name, String file, Read read, boolean encrypted, Function<KeyType, Expected> expected,
			String... commands) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	private static Expected expect(Outcome outcome) {
		return new Expected(outcome, null);
	}

	private static Expected expect(Outcome outcome, String detail) {
		return new Expected(outcome, detail);
	}

	private static final Function<KeyType, Expected> ALL_LOAD = (type) -> expect(Outcome.LOADS);

	private static final Function<KeyType, Expected> ALL_NEED_BC = (type) -> expect(Outcome.NEEDS_BC);

	/** PKCS#1 and SEC1 hold RSA and EC keys only. */
	private static Function<KeyType, Expected> traditional(Outcome outcome, boolean pkey) {
		return (type) -> {
			if (type.isEc() || type == KeyType.RSA || (type == KeyType.RSA_PSS && !pkey)) {
				return expect(outcome);
			}
			return expect(Outcome.NOT_WRITTEN, pkey ? "unsupported public key type" : "unable to write EC key");
		};
	}

	private static Encoding pkcs8(String name, Function<KeyType, Expected> expected, String options) {
		return new Encoding(name, "out.pem", Read.KEY, true, expected,
				"openssl pkcs8 -topk8 -in key.pem -passout pass:" + PASSWORD + " -out out.pem " + options);
	}

	private static Encoding pkcs8Legacy(String name, Function<KeyType, Expected> expected, String options) {
		return pkcs8(name, expected, options + " " + LEGACY);
	}

	private static final String P12 = "openssl pkcs12 -export -inkey key.pem -in cert.pem -name key -passout pass:"
			+ PASSWORD + " -out store.p12";

	private static final String KEYTOOL = "keytool -genkeypair {keytool} -alias key -dname CN=keytool -validity 2 "
			+ "-storepass " + PASSWORD + " -keypass " + PASSWORD + " -keystore ";

	static final List<Encoding> ENCODINGS = List.of(
			new Encoding("genpkey (PKCS#8 PEM)", "key.pem", Read.KEY, false, ALL_LOAD),
			new Encoding("pkcs8 -topk8 -nocrypt", "out.pem", Read.KEY, false, ALL_LOAD,
					"openssl pkcs8 -topk8 -nocrypt -in key.pem -out out.pem"),
			new Encoding("pkcs8 -topk8 -nocrypt -outform DER", "out.der", Read.KEY, false, ALL_LOAD,
					"openssl pkcs8 -topk8 -nocrypt -in key.pem -outform DER -out out.der"),
			pkcs8("pkcs8 -topk8 (default: PBES2 AES-256-CBC)", ALL_LOAD, ""),
			pkcs8("pkcs8 -topk8 -v2 aes-128-cbc", ALL_LOAD, "-v2 aes-128-cbc"),
			pkcs8("pkcs8 -topk8 -v2 aes-192-cbc", ALL_LOAD, "-v2 aes-192-cbc"),
			pkcs8("pkcs8 -topk8 -v2 aes-256-cbc", ALL_LOAD, "-v2 aes-256-cbc"),
			pkcs8("pkcs8 -topk8 -v2 des3", ALL_LOAD, "-v2 des3"),
			pkcs8Legacy("pkcs8 -topk8 -v2 des-cbc (legacy provider)", ALL_LOAD, "-v2 des-cbc"),
			pkcs8Legacy("pkcs8 -topk8 -v2 rc2-cbc (legacy provider)", ALL_LOAD, "-v2 rc2-cbc"),
			pkcs8Legacy("pkcs8 -topk8 -v2 bf-cbc (legacy provider)", ALL_LOAD, "-v2 bf-cbc"),
			pkcs8("pkcs8 -topk8 -v2 camellia-256-cbc", ALL_NEED_BC, "-v2 camellia-256-cbc"),
			pkcs8("pkcs8 -topk8 -v2 aria-256-cbc", ALL_NEED_BC, "-v2 aria-256-cbc"),
			pkcs8("pkcs8 -topk8 -v2 sm4-cbc", ALL_NEED_BC, "-v2 sm4-cbc"),
			pkcs8Legacy("pkcs8 -topk8 -v2 seed-cbc (legacy provider)", ALL_NEED_BC, "-v2 seed-cbc"),
			pkcs8Legacy("pkcs8 -topk8 -v2 cast5-cbc (legacy provider)", ALL_NEED_BC, "-v2 cast5-cbc"),
			pkcs8("pkcs8 -topk8 -v2 aes-256-ofb", (type) -> expect(Outcome.REFUSED,
					"PBES2 with PBKDF2 hmacWithSHA256 and AES-256-OFB (OIDs 1.2.840.113549.1.5.13, "
							+ "1.2.840.113549.1.5.12, 1.2.840.113549.2.9, 2.16.840.1.101.3.4.1.43)"),
					"-v2 aes-256-ofb"),
			pkcs8("pkcs8 -topk8 -v2prf hmacWithSHA1", ALL_LOAD, "-v2 aes-256-cbc -v2prf hmacWithSHA1"),
			pkcs8("pkcs8 -topk8 -v2prf hmacWithSHA224", ALL_LOAD, "-v2 aes-256-cbc -v2prf hmacWithSHA224"),
			pkcs8("pkcs8 -topk8 -v2prf hmacWithSHA384", ALL_LOAD, "-v2 aes-256-cbc -v2prf hmacWithSHA384"),
			pkcs8("pkcs8 -topk8 -v2prf hmacWithSHA512", ALL_LOAD, "-v2 aes-256-cbc -v2prf hmacWithSHA512"),
			pkcs8("pkcs8 -topk8 -v2prf hmacWithSHA512-224", ALL_LOAD, "-v2 aes-256-cbc -v2prf hmacWithSHA512-224"),
			pkcs8("pkcs8 -topk8 -v2prf hmacWithSHA512-256", ALL_LOAD, "-v2 aes-256-cbc -v2prf hmacWithSHA512-256"),
			pkcs8("pkcs8 -topk8 -v2prf hmacWithMD5", ALL_LOAD, "-v2 aes-256-cbc -v2prf hmacWithMD5"),
			pkcs8("pkcs8 -topk8 -scrypt", ALL_NEED_BC, "-scrypt"),
			pkcs8("pkcs8 -topk8 -v1 PBE-SHA1-3DES", ALL_LOAD, "-v1 PBE-SHA1-3DES"),
			pkcs8("pkcs8 -topk8 -v1 PBE-SHA1-2DES", ALL_LOAD, "-v1 PBE-SHA1-2DES"),
			pkcs8Legacy("pkcs8 -topk8 -v1 PBE-MD5-DES (legacy provider)", ALL_LOAD, "-v1 PBE-MD5-DES"),
			pkcs8Legacy("pkcs8 -topk8 -v1 PBE-SHA1-DES (legacy provider)", ALL_LOAD, "-v1 PBE-SHA1-DES"),
			pkcs8Legacy("pkcs8 -topk8 -v1 PBE-MD5-RC2-64 (legacy provider)", ALL_LOAD, "-v1 PBE-MD5-RC2-64"),
			pkcs8Legacy("pkcs8 -topk8 -v1 PBE-SHA1-RC2-64 (legacy provider)", ALL_LOAD, "-v1 PBE-SHA1-RC2-64"),
			pkcs8Legacy("pkcs8 -topk8 -v1 PBE-SHA1-RC2-128 (legacy provider)", ALL_LOAD, "-v1 PBE-SHA1-RC2-128"),
			pkcs8Legacy("pkcs8 -topk8 -v1 PBE-SHA1-RC2-40 (legacy provider)", ALL_LOAD, "-v1 PBE-SHA1-RC2-40"),
			pkcs8Legacy("pkcs8 -topk8 -v1 PBE-SHA1-RC4-128 (legacy provider)", ALL_LOAD, "-v1 PBE-SHA1-RC4-128"),
			pkcs8Legacy("pkcs8 -topk8 -v1 PBE-SHA1-RC4-40 (legacy provider)", ALL_LOAD, "-v1 PBE-SHA1-RC4-40"),
			new Encoding("pkcs8 -topk8 -outform DER (PBES2 AES-256-CBC)", "out.der", Read.KEY, true, ALL_LOAD,
					"openssl pkcs8 -topk8 -in key.pem -outform DER -passout pass:" + PASSWORD + " -out out.der"),
			new Encoding("pkcs8 -topk8 -v1 PBE-SHA1-3DES -outform DER", "out.der", Read.KEY, true, ALL_LOAD,
					"openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES -in key.pem -outform DER -passout pass:" + PASSWORD
							+ " -out out.der"),
			new Encoding("pkey -traditional (PKCS#1, SEC1)", "out.pem", Read.KEY, false,
					traditional(Outcome.LOADS, true), "openssl pkey -in key.pem -traditional -out out.pem"),
			new Encoding("pkey -traditional -outform DER (PKCS#8 where there is no traditional form)", "out.der", Read.KEY, false, ALL_LOAD,
					"openssl pkey -in key.pem -traditional -outform DER -out out.der"),
			new Encoding("pkey -traditional -aes256 (Proc-Type)", "out.pem", Read.KEY, true,
					traditional(Outcome.NEEDS_BC, true),
					"openssl pkey -in key.pem -traditional -aes256 -passout pass:" + PASSWORD + " -out out.pem"),
			new Encoding("pkey -traditional -des3 (Proc-Type)", "out.pem", Read.KEY, true,
					traditional(Outcome.NEEDS_BC, true),
					"openssl pkey -in key.pem -traditional -des3 -passout pass:" + PASSWORD + " -out out.pem"),
			new Encoding("rsa -traditional / ec", "out.pem", Read.KEY, false, traditional(Outcome.LOADS, false),
					"openssl {tool} -in key.pem {traditional} -out out.pem"),
			new Encoding("rsa -traditional / ec, -outform DER", "out.der", Read.KEY, false,
					traditional(Outcome.LOADS, false), "openssl {tool} -in key.pem {traditional} -outform DER -out out.der"),
			new Encoding("rsa -traditional / ec, -aes256 (Proc-Type)", "out.pem", Read.KEY, true,
					traditional(Outcome.NEEDS_BC, false),
					"openssl {tool} -in key.pem {traditional} -aes256 -passout pass:" + PASSWORD + " -out out.pem"),
			new Encoding("rsa -traditional / ec, -des3 (Proc-Type)", "out.pem", Read.KEY, true,
					traditional(Outcome.NEEDS_BC, false),
					"openssl {tool} -in key.pem {traditional} -des3 -passout pass:" + PASSWORD + " -out out.pem"),
			new Encoding("pkcs12 -export (current defaults), as keystore", "store.p12", Read.KEYSTORE, true, ALL_LOAD,
					P12),
			new Encoding("pkcs12 -export -legacy, as keystore", "store.p12", Read.KEYSTORE, true, ALL_LOAD,
					P12 + " -legacy"),
			new Encoding("pkcs12 -export, given as private-key", "store.p12", Read.KEY, true,
					(type) -> expect(Outcome.REFUSED, "The content is a PKCS12 keystore, not a private key"), P12),
			new Encoding("pkcs12 -nocerts -noenc (PEM with Bag Attributes)", "out.pem", Read.KEY, false, ALL_LOAD, P12,
					"openssl pkcs12 -in store.p12 -nocerts -noenc -passin pass:" + PASSWORD + " -out out.pem"),
			new Encoding("pkcs12 -nocerts (encrypted PEM with Bag Attributes)", "out.pem", Read.KEY, true, ALL_LOAD,
					P12, "openssl pkcs12 -in store.p12 -nocerts -passin pass:" + PASSWORD + " -passout pass:"
							+ PASSWORD + " -out out.pem"),
			new Encoding("keytool -genkeypair -storetype PKCS12", "store.p12", Read.KEYSTORE, true, ALL_LOAD,
					KEYTOOL + "store.p12 -storetype PKCS12"),
			new Encoding("keytool -genkeypair -storetype JKS", "store.jks", Read.KEYSTORE, true, ALL_LOAD,
					KEYTOOL + "store.jks -storetype JKS"),
			new Encoding("keytool -importkeystore of openssl's PKCS12 to JKS", "store.jks", Read.KEYSTORE, true,
					ALL_LOAD, P12, "keytool -importkeystore -noprompt -srckeystore store.p12 -srcstoretype PKCS12 "
							+ "-srcstorepass " + PASSWORD + " -destkeystore store.jks -deststoretype JKS -deststorepass "
							+ PASSWORD));

	@BeforeAll
	static void generateKeys() throws Exception {
		for (KeyType type : KeyType.values()) {
			Path directory = Files.createDirectories(type.directory());
			OpenSsl.run(directory, ("genpkey " + type.genpkey + " -out key.pem").split(" "));
			OpenSsl.run(directory, "pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "key.pub.der");
			OpenSsl.selfSigned(directory, "key.pem", type.title, "cert.pem");
		}
		withoutBouncyCastle = new HidingClassLoader();
	}

	static Stream<Arguments> cells() {
		return ENCODINGS.stream()
			.flatMap((encoding) -> Arrays.stream(KeyType.values()).map((type) -> Arguments.of(encoding, type)));
	}

	@ParameterizedTest(name = "{0}, {1}")
	@MethodSource("cells")
	void writesAndReadsBack(Encoding encoding, KeyType type) throws Exception {
		Expected expected = encoding.expected().apply(type);
		Path cell = Files.createDirectories(type.directory().resolve("cell-" + ENCODINGS.indexOf(encoding)));
		Files.copy(type.directory().resolve("key.pem"), cell.resolve("key.pem"));
		Files.copy(type.directory().resolve("cert.pem"), cell.resolve("cert.pem"));
		String result = switch (expected.outcome()) {
			case NOT_WRITTEN -> notWritten(encoding, type, cell, expected);
			case REFUSED -> refused(encoding, type, cell, expected);
			default -> loads(encoding, type, cell, expected);
		};
		results.computeIfAbsent(encoding.name(), (name) -> new ConcurrentHashMap<>()).put(type, result);
	}

	private static List<String[]> commands(Encoding encoding, KeyType type) {
		List<String[]> commands = new ArrayList<>();
		for (String command : encoding.commands()) {
			String expanded = command.replace("{tool}", type.tool)
				.replace("{traditional}", type.tool.equals("rsa") ? "-traditional" : "")
				.replace("{keytool}", type.keytool);
			commands.add(Arrays.stream(expanded.split(" ")).filter((arg) -> !arg.isEmpty()).toArray(String[]::new));
		}
		return commands;
	}

	private static void write(Encoding encoding, KeyType type, Path cell) {
		for (String[] command : commands(encoding, type)) {
			String[] args = Arrays.copyOfRange(command, 1, command.length);
			if (command[0].equals("keytool")) {
				OpenSsl.keytool(cell, args);
			}
			else {
				OpenSsl.run(cell, args);
			}
		}
	}

	private static String notWritten(Encoding encoding, KeyType type, Path cell, Expected expected) {
		List<String[]> commands = commands(encoding, type);
		String[] last = commands.get(commands.size() - 1);
		String output = OpenSsl.fails(cell, Arrays.copyOfRange(last, 1, last.length));
		assertThat(output).as("openssl's refusal").contains(expected.detail());
		assertThat(cell.resolve(encoding.file())).satisfiesAnyOf((file) -> assertThat(file).doesNotExist(),
				(file) -> assertThat(file).isEmptyFile());
		return Outcome.NOT_WRITTEN.cell;
	}

	private static String refused(Encoding encoding, KeyType type, Path cell, Expected expected) {
		write(encoding, type, cell);
		for (String password : new String[] { PASSWORD, "wrong-password" }) {
			MaterialException ex = catchThrowableOfType(MaterialException.class,
					() -> Material.privateKey(cell.resolve(encoding.file()).toString(), password.toCharArray()));
			assertThat(ex).as("refused with %s", password).isNotNull();
			assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
			assertThat(ex.getMessage()).contains(expected.detail()).doesNotContain("password");
			assertThat(ex.action()).isNotBlank();
		}
		return Outcome.REFUSED.cell;
	}

	private static String loads(Encoding encoding, KeyType type, Path directory, Expected expected) throws Exception {
		write(encoding, type, directory);
		String file = directory.resolve(encoding.file()).toString();
		List<X509Certificate> certificate = Material.certificates(directory.resolve("cert.pem").toString());
		PrivateKey key;
		if (encoding.read() == Read.KEYSTORE) {
			KeyStore keyStore = Material.keyStore(file, null, PASSWORD.toCharArray());
			Identity identity = Identity.fromKeyStore(keyStore, null, PASSWORD.toCharArray(), file);
			key = identity.privateKey();
			assertKeyPairsWith(key, identity.certificate().getPublicKey());
			if (!encoding.name().startsWith("keytool -genkeypair")) {
				assertThat(identity.certificate()).isEqualTo(certificate.get(0));
			}
			MaterialException wrong = catchThrowableOfType(MaterialException.class,
					() -> Material.keyStore(file, null, "wrong-password".toCharArray()));
			assertThat(wrong.problem()).isEqualTo(Problem.WRONG_PASSWORD);
			assertKeyStoreWithoutBouncyCastle(file, key);
		}
		else {
			key = Material.privateKey(file, PASSWORD.toCharArray());
			assertThat(Identity.of(key, certificate, file).privateKey()).isSameAs(key);
			assertKeyPairsWith(key, type.directory().resolve("key.pub.der"));
			if (encoding.encrypted()) {
				MaterialException wrong = catchThrowableOfType(MaterialException.class,
						() -> Material.privateKey(file, "wrong-password".toCharArray()));
				assertThat(wrong.problem()).isEqualTo(Problem.WRONG_PASSWORD);
				assertThat(catchThrowableOfType(MaterialException.class, () -> Material.privateKey(file, null))
					.problem()).isEqualTo(Problem.PASSWORD_REQUIRED);
			}
			else {
				// An unencrypted key ignores a password, right or wrong: nothing to blame it for.
				assertThat(Material.privateKey(file, "wrong-password".toCharArray()).getEncoded())
					.isEqualTo(key.getEncoded());
			}
			assertWithoutBouncyCastle(file, expected.outcome());
		}
		String algorithm = key.getAlgorithm();
		String cell = expected.outcome().cell;
		return algorithm.equals(expectedAlgorithm(type)) ? cell : cell + " (as " + algorithm + ")";
	}

	private static String expectedAlgorithm(KeyType type) {
		return switch (type) {
			case RSA -> "RSA";
			case RSA_PSS -> "RSASSA-PSS";
			case ED25519, ED448 -> "EdDSA";
			default -> "EC";
		};
	}

	private static void assertWithoutBouncyCastle(String file, Outcome outcome) throws Exception {
		Method privateKey = withoutBouncyCastle.loadClass(Material.class.getName())
			.getMethod("privateKey", String.class, char[].class);
		Object result;
		try {
			result = privateKey.invoke(null, file, PASSWORD.toCharArray());
		}
		catch (InvocationTargetException ex) {
			result = ex.getCause();
		}
		if (outcome == Outcome.LOADS) {
			assertThat(result).as("without Bouncy Castle").isInstanceOf(PrivateKey.class);
		}
		else {
			assertThat(result.getClass().getName()).isEqualTo(MaterialException.class.getName());
			assertThat(String.valueOf(result.getClass().getMethod("problem").invoke(result)))
				.isEqualTo("MISSING_DEPENDENCY");
			assertThat(((Throwable) result).getMessage()).contains(PrivateKeys.BC_COORDINATES);
		}
	}

	private static void assertKeyStoreWithoutBouncyCastle(String file, PrivateKey key) throws Exception {
		Class<?> material = withoutBouncyCastle.loadClass(Material.class.getName());
		Class<?> identity = withoutBouncyCastle.loadClass(Identity.class.getName());
		KeyStore keyStore = (KeyStore) material.getMethod("keyStore", String.class, String.class, char[].class)
			.invoke(null, file, null, PASSWORD.toCharArray());
		Object loaded = identity.getMethod("fromKeyStore", KeyStore.class, String.class, char[].class, String.class)
			.invoke(null, keyStore, null, PASSWORD.toCharArray(), file);
		PrivateKey hidden = (PrivateKey) identity.getMethod("privateKey").invoke(loaded);
		assertThat(hidden.getEncoded()).as("without Bouncy Castle").isEqualTo(key.getEncoded());
	}

	@AfterAll
	static void printTable() {
		StringBuilder table = new StringBuilder("\nPrivate-key encodings x key types (openssl ")
			.append(OpenSsl.run(dir, "version").strip())
			.append(", Java ")
			.append(System.getProperty("java.version"))
			.append(")\n\n| encoding |");
		for (KeyType type : KeyType.values()) {
			table.append(' ').append(type.title).append(" |");
		}
		table.append("\n|---|").append("---|".repeat(KeyType.values().length)).append('\n');
		for (Encoding encoding : ENCODINGS) {
			table.append("| ").append(encoding.name()).append(" |");
			Map<KeyType, String> row = results.getOrDefault(encoding.name(), Map.of());
			for (KeyType type : KeyType.values()) {
				table.append(' ').append(row.getOrDefault(type, "(not run)")).append(" |");
			}
			table.append('\n');
		}
		table.append("\nok: loads and matches its certificate, with and without Bouncy Castle; a wrong password is ")
			.append("WRONG_PASSWORD when the key is encrypted, ignored when it is not.\n")
			.append("ok, needs BC: the same with Bouncy Castle; without it MISSING_DEPENDENCY naming it.\n")
			.append("refused: UNPARSEABLE naming the scheme and its OIDs, with the openssl command that converts it; ")
			.append("the password is not blamed.\n")
			.append("not written: openssl cannot write this key type in this encoding (asserted: it refuses).\n")
			.append("(as RSA): PKCS#1 DER has no label to say RSA-PSS; the key matches the RSA-PSS certificate.\n");
		System.out.println(table);
	}

}
