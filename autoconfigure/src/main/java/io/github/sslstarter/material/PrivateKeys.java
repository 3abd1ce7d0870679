package io.github.sslstarter.material;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;

import org.springframework.boot.ssl.pem.PemContent;

import io.github.sslstarter.material.MaterialException.Problem;
import io.github.sslstarter.material.PemBlocks.Block;

/**
 * Reads a private key from PEM (PKCS#8, PKCS#1 RSA, SEC1 EC, openssl's traditional RSA-PSS, encrypted
 * PKCS#8 in every PBES2 (CBC), PBES1 and PKCS#12 scheme openssl writes, legacy OpenSSL-encrypted) or DER
 * (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1). {@link PemBlocks} finds the key block in linear time;
 * Spring Boot's {@link PemContent} turns the one block, or the decrypted PKCS#8, into a key;
 * {@link PbeDecryptor} decrypts encrypted PKCS#8; the legacy {@code Proc-Type: 4,ENCRYPTED} format
 * goes to Bouncy Castle.
 */
final class PrivateKeys {

	static final String BC_COORDINATES = "org.bouncycastle:bcpkix-jdk18on";

	private static final String RSASSA_PSS = "1.2.840.113549.1.1.10";

	private static final String CONVERT_TO_PKCS8 = "Convert the key to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in key.pem "
			+ "-out key-pkcs8.pem";

	private PrivateKeys() {
	}

	static PrivateKey read(Location location, char[] password) {
		byte[] bytes = location.readBounded();
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		List<Block> blocks = PemBlocks.scan(text, location.description());
		if (!blocks.isEmpty()) {
			return fromPem(blocks, password, location.description());
		}
		return fromDer(bytes, password, location.description());
	}

	/** The first private key block of the PEM; text and blocks around it are ignored. */
	private static PrivateKey fromPem(List<Block> blocks, char[] password, String location) {
		Block key = null;
		for (Block block : blocks) {
			if (block.label().endsWith("PRIVATE KEY")) {
				key = block;
				break;
			}
		}
		if (key == null) {
			throw new MaterialException(Problem.EMPTY, location,
					"No private key found (the PEM holds: " + PemBlocks.summary(blocks) + ")",
					"Point the private-key location at the key file, not the certificate");
		}
		if (!key.complete()) {
			throw key.incomplete(location);
		}
		if (key.isLegacyEncrypted()) {
			return fromLegacyEncrypted(key, password, location);
		}
		requireSupported(key.label(), location);
		byte[] der;
		try {
			der = key.der();
		}
		catch (IllegalArgumentException ex) {
			throw new MaterialException(Problem.UNPARSEABLE, location,
					"The '" + key.label() + "' block that begins on line " + key.line() + " is not valid base64",
					"Check the file, or regenerate it: openssl pkey -in key.pem -out key-pkcs8.pem", ex);
		}
		return fromKey(key.label(), der, password, location);
	}

	private static PrivateKey fromDer(byte[] der, char[] password, String location) {
		String keyStore = keyStoreType(der);
		if (keyStore != null) {
			throw new MaterialException(Problem.UNPARSEABLE, location,
					"The content is a " + keyStore + " keystore, not a private key",
					"Configure it as the identity keystore (ssl.identity.keystore.location, with its password), "
							+ "or extract the key: " + ("PKCS12".equals(keyStore)
									? "openssl pkcs12 -in keystore.p12 -nocerts -out key.pem"
									: "keytool -importkeystore -srckeystore keystore.jks -destkeystore keystore.p12 "
											+ "-deststoretype PKCS12, then openssl pkcs12 -in keystore.p12 -nocerts -out key.pem"));
		}
		String label = derLabel(der);
		if (label == null) {
			throw new MaterialException(Problem.UNPARSEABLE, location,
					"The content is neither PEM nor a DER-encoded private key",
					"Give a PEM key (-----BEGIN PRIVATE KEY-----) or a PKCS#8 DER key");
		}
		return fromKey(label, der, password, location);
	}

	private static void requireSupported(String label, String location) {
		switch (label) {
			case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "RSA-PSS PRIVATE KEY", "ENCRYPTED PRIVATE KEY":
				return;
			default:
				throw new MaterialException(Problem.UNPARSEABLE, location,
						"Private keys in the '" + label + "' format are not supported",
						CONVERT_TO_PKCS8 + " (for OpenSSH keys first: ssh-keygen -p -m PEM -f key)");
		}
	}

	private static PrivateKey fromKey(String label, byte[] der, char[] password, String location) {
		switch (label) {
			case "EC PRIVATE KEY":
				requireNamedCurve(der, location);
				return parse(label, der, location);
			case "RSA-PSS PRIVATE KEY":
				// openssl rsa -traditional writes RSA-PSS keys as PKCS#1 under this label (and cannot read
				// them back): the same key as PKCS#8, without the PSS restrictions the format cannot hold.
				return parse(label, "PRIVATE KEY", pkcs8(RSASSA_PSS, der), location);
			case "ENCRYPTED PRIVATE KEY":
				requirePassword(password, location, "an encrypted PKCS#8 key");
				return parse(label, "PRIVATE KEY", PbeDecryptor.decrypt(der, password, location), location);
			default:
				return parse(label, der, location);
		}
	}

	/**
	 * A SEC1 key may leave out its curve (RFC 5915 makes the parameters optional, and writers
	 * such as Bouncy Castle's do for keys whose curve lives elsewhere): such a key cannot be
	 * read on its own, and OpenSSL refuses it too.
	 */
	private static void requireNamedCurve(byte[] der, String location) {
		boolean named;
		try {
			// SEQUENCE { INTEGER version, OCTET STRING key, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }
			Der key = Der.of(der).sequence();
			key.integer();
			key.octetString();
			named = key.peekTag() == 0xA0;
		}
		catch (IllegalArgumentException ex) {
			return; // the parser reports the damage
		}
		if (!named) {
			throw new MaterialException(Problem.UNPARSEABLE, location,
					"The SEC1 EC private key does not name its curve, so it cannot be read on its own",
					"Write it with its curve, or as PKCS#8: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem"
							+ " (from the tool that made it, which knows the curve)");
		}
	}

	private static PrivateKey parse(String label, byte[] der, String location) {
		return parse(label, label, der, location);
	}

	/** Spring Boot's parser, given one well-formed block of {@code pemLabel}; failures name {@code label}. */
	private static PrivateKey parse(String label, String pemLabel, byte[] der, String location) {
		try {
			PrivateKey key = PemContent.of(pem(pemLabel, der)).getPrivateKey();
			if (key != null) {
				return key;
			}
		}
		catch (RuntimeException ex) {
			throw unparseable(label, location, ex);
		}
		throw unparseable(label, location, null);
	}

	private static PrivateKey fromLegacyEncrypted(Block block, char[] password, String location) {
		if (!BouncyCastle.isPresent()) {
			throw new MaterialException(Problem.MISSING_DEPENDENCY, location,
					"The key is in the legacy OpenSSL encrypted format (Proc-Type: 4,ENCRYPTED), "
							+ "which needs Bouncy Castle (" + BC_COORDINATES + ") on the classpath",
					"Add the dependency " + BC_COORDINATES + ", or convert the key to encrypted PKCS#8: "
							+ "openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key-pkcs8.pem");
		}
		requirePassword(password, location, "a legacy OpenSSL-encrypted key (Proc-Type: 4,ENCRYPTED)");
		boolean pss = block.label().equals("RSA-PSS PRIVATE KEY");
		// Bouncy Castle knows the PKCS#1 body of openssl's RSA-PSS label under the RSA label.
		byte[] pkcs8 = LegacyEncryptedKeys.decrypt(block.pem(pss ? "RSA PRIVATE KEY" : block.label()),
				dekInfoCipher(block), password, location);
		if (pss) {
			pkcs8 = pkcs8(RSASSA_PSS, privateKeyOf(pkcs8));
		}
		return parse(block.label(), "PRIVATE KEY", pkcs8, location);
	}

	/** The cipher named by the DEK-Info header ("AES-256-CBC"), for messages. */
	private static String dekInfoCipher(Block block) {
		for (String header : block.headers()) {
			if (header.regionMatches(true, 0, "DEK-Info:", 0, 9)) {
				String value = header.substring(9).strip();
				int comma = value.indexOf(',');
				return (comma >= 0) ? value.substring(0, comma) : value;
			}
		}
		return "none";
	}

	/** PrivateKeyInfo { version 0, AlgorithmIdentifier { oid }, OCTET STRING key }. */
	private static byte[] pkcs8(String algorithm, byte[] key) {
		return Der.element(Der.SEQUENCE, Der.element(Der.INTEGER, new byte[] { 0 }),
				Der.element(Der.SEQUENCE, Der.oid(algorithm)), Der.element(Der.OCTET_STRING, key));
	}

	/** The key octets of a PrivateKeyInfo. */
	private static byte[] privateKeyOf(byte[] pkcs8) {
		Der info = Der.of(pkcs8).sequence();
		info.integer();
		info.sequence();
		return info.octetString();
	}

	private static String pem(String label, byte[] der) {
		return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END "
				+ label + "-----\n";
	}

	private static void requirePassword(char[] password, String location, String what) {
		if (password == null) {
			throw new MaterialException(Problem.PASSWORD_REQUIRED, location,
					"The private key is " + what + " and no password was given",
					"Set the private key password");
		}
	}

	static MaterialException wrongPassword(String location, Throwable cause) {
		return new MaterialException(Problem.WRONG_PASSWORD, location,
				"The password does not decrypt the private key (or the key is corrupt)",
				"Check the private key password", cause);
	}

	static MaterialException unparseable(String label, String location, Throwable cause) {
		return new MaterialException(Problem.UNPARSEABLE, location,
				"The '" + label + "' block is not a valid RSA, EC or EdDSA private key",
				"Check the file, or regenerate it: openssl pkey -in key.pem -out key-pkcs8.pem", cause);
	}

	static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

	/** The PEM label for a DER key, from the tags of the first two elements of its SEQUENCE. */
	static String derLabel(byte[] der) {
		int firstTag;
		int secondTag;
		try {
			Der outer = Der.of(der);
			Der sequence = outer.sequence();
			outer.requireEnd();
			firstTag = sequence.peekTag();
			sequence.skip();
			secondTag = sequence.peekTag();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (firstTag == Der.SEQUENCE && secondTag == Der.OCTET_STRING) {
			return "ENCRYPTED PRIVATE KEY"; // EncryptedPrivateKeyInfo: algorithm, encrypted data
		}
		if (firstTag == Der.INTEGER && secondTag == Der.SEQUENCE) {
			return "PRIVATE KEY"; // PrivateKeyInfo: version, algorithm, key
		}
		if (firstTag == Der.INTEGER && secondTag == Der.INTEGER) {
			return "RSA PRIVATE KEY"; // RSAPrivateKey: version, modulus, ...
		}
		if (firstTag == Der.INTEGER && secondTag == Der.OCTET_STRING) {
			return "EC PRIVATE KEY"; // ECPrivateKey: version, private key octets, ...
		}
		return null;
	}

	/**
	 * "PKCS12", "JKS" or "JCEKS" when the bytes are a keystore rather than a key: JKS and JCEKS by
	 * their magic number, PKCS#12 as PFX { version 3, ContentInfo { PKCS#7 content type, ... }, ... }.
	 */
	static String keyStoreType(byte[] bytes) {
		if (bytes.length >= 4) {
			int magic = ((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8)
					| (bytes[3] & 0xFF);
			if (magic == KeyStores.JKS_MAGIC) {
				return "JKS";
			}
			if (magic == KeyStores.JCEKS_MAGIC) {
				return "JCEKS";
			}
		}
		try {
			Der pfx = Der.of(bytes).sequence();
			if (pfx.integer().intValue() == 3 && pfx.peekTag() == Der.SEQUENCE
					&& pfx.sequence().oid().startsWith("1.2.840.113549.1.7.")) {
				return "PKCS12";
			}
		}
		catch (IllegalArgumentException ex) {
			// not a PFX
		}
		return null;
	}

}
