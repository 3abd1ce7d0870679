package io.github.sslstarter.material;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The password-based encryption scheme of an encrypted PKCS#8 key, read from the
 * AlgorithmIdentifier of its EncryptedPrivateKeyInfo: PBES2 (RFC 8018) with PBKDF2 or scrypt and a
 * CBC cipher, PKCS#5 v1.5 PBES1, or a PKCS#12 PBE scheme (RFC 7292 appendix C). Named as
 * {@code openssl pkcs8} names them, with the OIDs, so that a refusal can say exactly what it met.
 * A scheme this package knows but cannot use carries the reason in {@link #unsupported()}.
 */
record PbeScheme(String name, List<String> oids, Kdf kdf, CipherSpec cipher, String unsupported) {

	static final String PBES2 = "1.2.840.113549.1.5.13";

	static final String PBKDF2 = "1.2.840.113549.1.5.12";

	static final String SCRYPT = "1.3.6.1.4.1.11591.4.11";

	/** How the key (and for PBES1 and PKCS#12 the IV) is derived from the password. */
	sealed interface Kdf permits Pbkdf1, Pkcs12, Pbkdf2, Scrypt {

	}

	/** PKCS#5 v1.5: an iterated MD5 or SHA-1 hash gives the DES or RC2 key and the IV. */
	record Pbkdf1(String digest, byte[] salt, int iterations) implements Kdf {
	}

	/** RFC 7292 appendix B with SHA-1: key and IV from a BMPString password. */
	record Pkcs12(byte[] salt, int iterations) implements Kdf {
	}

	/** PBKDF2 with an HMAC (the JDK's {@code Mac} name); keyLength 0 means the cipher's own. */
	record Pbkdf2(String mac, byte[] salt, int iterations, int keyLength) implements Kdf {
	}

	/** scrypt (RFC 7914); keyLength 0 means the cipher's own. */
	record Scrypt(byte[] salt, int n, int r, int p, int keyLength) implements Kdf {
	}

	/**
	 * A cipher: the JDK transformation, or the Bouncy Castle engine when the JDK has none; its key
	 * and IV lengths in bytes; RC2's effective key bits (0 otherwise); the IV when the scheme
	 * carries it (PBES2), or null when the KDF derives it; and whether a 16-byte two-key
	 * triple-DES key is expanded to three keys.
	 */
	record CipherSpec(String name, String transformation, String keyAlgorithm, String engine, int keyLength,
			int ivLength, int rc2Bits, byte[] iv, boolean twoKey) {

		CipherSpec withIv(byte[] iv) {
			return new CipherSpec(this.name, this.transformation, this.keyAlgorithm, this.engine, this.keyLength,
					this.ivLength, this.rc2Bits, iv, this.twoKey);
		}

		CipherSpec withKey(int keyLength, int rc2Bits) {
			return new CipherSpec(this.name, this.transformation, this.keyAlgorithm, this.engine, keyLength,
					this.ivLength, rc2Bits, this.iv, this.twoKey);
		}

		boolean needsBouncyCastle() {
			return this.transformation == null;
		}

	}

	private static CipherSpec jdk(String name, String transformation, String keyAlgorithm, int keyLength,
			int ivLength) {
		return new CipherSpec(name, transformation, keyAlgorithm, null, keyLength, ivLength, 0, null, false);
	}

	private static CipherSpec bc(String name, String engine, int keyLength) {
		return new CipherSpec(name, null, null, engine, keyLength, 16, 0, null, false);
	}

	private static final CipherSpec DES = jdk("DES-CBC", "DES/CBC/PKCS5Padding", "DES", 8, 8);

	private static final CipherSpec RC2_64 = jdk("RC2-64-CBC", "RC2/CBC/PKCS5Padding", "RC2", 8, 8).withKey(8, 64);

	/** A PBES1 scheme: openssl's -v1 name, the digest of its KDF, its cipher. */
	private record Pbes1(String name, String digest, CipherSpec cipher) {
	}

	/** A PKCS#12 scheme: openssl's -v1 name and its cipher (the KDF derives key and IV). */
	private record Pkcs12Scheme(String name, CipherSpec cipher) {
	}

	private static final Map<String, Pbes1> PBES1 = Map.of(
			"1.2.840.113549.1.5.1", new Pbes1("PBE-MD2-DES", "MD2", DES),
			"1.2.840.113549.1.5.4", new Pbes1("PBE-MD2-RC2-64", "MD2", RC2_64),
			"1.2.840.113549.1.5.3", new Pbes1("PBE-MD5-DES", "MD5", DES),
			"1.2.840.113549.1.5.6", new Pbes1("PBE-MD5-RC2-64", "MD5", RC2_64),
			"1.2.840.113549.1.5.10", new Pbes1("PBE-SHA1-DES", "SHA-1", DES),
			"1.2.840.113549.1.5.11", new Pbes1("PBE-SHA1-RC2-64", "SHA-1", RC2_64));

	private static final Map<String, Pkcs12Scheme> PKCS12 = Map.of(
			"1.2.840.113549.1.12.1.1", new Pkcs12Scheme("PBE-SHA1-RC4-128", jdk("RC4-128", "ARCFOUR", "ARCFOUR", 16, 0)),
			"1.2.840.113549.1.12.1.2", new Pkcs12Scheme("PBE-SHA1-RC4-40", jdk("RC4-40", "ARCFOUR", "ARCFOUR", 5, 0)),
			"1.2.840.113549.1.12.1.3",
			new Pkcs12Scheme("PBE-SHA1-3DES", jdk("DES-EDE3-CBC", "DESede/CBC/PKCS5Padding", "DESede", 24, 8)),
			"1.2.840.113549.1.12.1.4",
			new Pkcs12Scheme("PBE-SHA1-2DES",
					new CipherSpec("DES-EDE-CBC", "DESede/CBC/PKCS5Padding", "DESede", null, 16, 8, 0, null, true)),
			"1.2.840.113549.1.12.1.5",
			new Pkcs12Scheme("PBE-SHA1-RC2-128", jdk("RC2-128-CBC", "RC2/CBC/PKCS5Padding", "RC2", 16, 8).withKey(16, 128)),
			"1.2.840.113549.1.12.1.6",
			new Pkcs12Scheme("PBE-SHA1-RC2-40", jdk("RC2-40-CBC", "RC2/CBC/PKCS5Padding", "RC2", 5, 8).withKey(5, 40)));

	/** PBES2 PRFs: OID to openssl's name and the JDK's Mac. */
	private static final Map<String, String[]> PRFS = Map.ofEntries(
			Map.entry("1.2.840.113549.2.6", new String[] { "hmacWithMD5", "HmacMD5" }),
			Map.entry("1.2.840.113549.2.7", new String[] { "hmacWithSHA1", "HmacSHA1" }),
			Map.entry("1.2.840.113549.2.8", new String[] { "hmacWithSHA224", "HmacSHA224" }),
			Map.entry("1.2.840.113549.2.9", new String[] { "hmacWithSHA256", "HmacSHA256" }),
			Map.entry("1.2.840.113549.2.10", new String[] { "hmacWithSHA384", "HmacSHA384" }),
			Map.entry("1.2.840.113549.2.11", new String[] { "hmacWithSHA512", "HmacSHA512" }),
			Map.entry("1.2.840.113549.2.12", new String[] { "hmacWithSHA512-224", "HmacSHA512/224" }),
			Map.entry("1.2.840.113549.2.13", new String[] { "hmacWithSHA512-256", "HmacSHA512/256" }),
			Map.entry("2.16.840.1.101.3.4.2.13", new String[] { "hmacWithSHA3-224", "HmacSHA3-224" }),
			Map.entry("2.16.840.1.101.3.4.2.14", new String[] { "hmacWithSHA3-256", "HmacSHA3-256" }),
			Map.entry("2.16.840.1.101.3.4.2.15", new String[] { "hmacWithSHA3-384", "HmacSHA3-384" }),
			Map.entry("2.16.840.1.101.3.4.2.16", new String[] { "hmacWithSHA3-512", "HmacSHA3-512" }));

	/** PBES2 ciphers: the CBC ciphers RFC 8018 and openssl use, with their IV as the parameters. */
	private static final Map<String, CipherSpec> PBES2_CIPHERS = Map.ofEntries(
			Map.entry("2.16.840.1.101.3.4.1.2", jdk("AES-128-CBC", "AES/CBC/PKCS5Padding", "AES", 16, 16)),
			Map.entry("2.16.840.1.101.3.4.1.22", jdk("AES-192-CBC", "AES/CBC/PKCS5Padding", "AES", 24, 16)),
			Map.entry("2.16.840.1.101.3.4.1.42", jdk("AES-256-CBC", "AES/CBC/PKCS5Padding", "AES", 32, 16)),
			Map.entry("1.2.840.113549.3.7", jdk("DES-EDE3-CBC", "DESede/CBC/PKCS5Padding", "DESede", 24, 8)),
			Map.entry("1.3.14.3.2.7", DES),
			Map.entry("1.2.840.113549.3.2", jdk("RC2-CBC", "RC2/CBC/PKCS5Padding", "RC2", 16, 8)),
			Map.entry("1.3.6.1.4.1.3029.1.2", jdk("BF-CBC", "Blowfish/CBC/PKCS5Padding", "Blowfish", 16, 8)),
			Map.entry("1.2.392.200011.61.1.1.1.2", bc("CAMELLIA-128-CBC", "Camellia", 16)),
			Map.entry("1.2.392.200011.61.1.1.1.3", bc("CAMELLIA-192-CBC", "Camellia", 24)),
			Map.entry("1.2.392.200011.61.1.1.1.4", bc("CAMELLIA-256-CBC", "Camellia", 32)),
			Map.entry("1.2.410.200046.1.1.2", bc("ARIA-128-CBC", "ARIA", 16)),
			Map.entry("1.2.410.200046.1.1.7", bc("ARIA-192-CBC", "ARIA", 24)),
			Map.entry("1.2.410.200046.1.1.12", bc("ARIA-256-CBC", "ARIA", 32)),
			Map.entry("1.2.156.10197.1.104.2", bc("SM4-CBC", "SM4", 16)),
			Map.entry("1.2.410.200004.1.4", bc("SEED-CBC", "SEED", 16)),
			Map.entry("1.2.840.113533.7.66.10", new CipherSpec("CAST5-CBC", null, null, "CAST5", 16, 8, 0, null, false)));

	/** Names for ciphers met in the wild that PBES2 here does not take (not CBC). */
	private static final Map<String, String> OTHER_CIPHER_NAMES = Map.ofEntries(
			Map.entry("2.16.840.1.101.3.4.1.1", "AES-128-ECB"), Map.entry("2.16.840.1.101.3.4.1.21", "AES-192-ECB"),
			Map.entry("2.16.840.1.101.3.4.1.41", "AES-256-ECB"), Map.entry("2.16.840.1.101.3.4.1.3", "AES-128-OFB"),
			Map.entry("2.16.840.1.101.3.4.1.23", "AES-192-OFB"), Map.entry("2.16.840.1.101.3.4.1.43", "AES-256-OFB"),
			Map.entry("2.16.840.1.101.3.4.1.4", "AES-128-CFB"), Map.entry("2.16.840.1.101.3.4.1.24", "AES-192-CFB"),
			Map.entry("2.16.840.1.101.3.4.1.44", "AES-256-CFB"), Map.entry("2.16.840.1.101.3.4.1.6", "AES-128-GCM"),
			Map.entry("2.16.840.1.101.3.4.1.46", "AES-256-GCM"), Map.entry("1.2.840.113549.3.9", "RC5-CBC"));

	/** A short human form: the name, then every OID involved. */
	String describe() {
		return this.name + " (OID" + ((this.oids.size() > 1) ? "s " : " ") + String.join(", ", this.oids) + ")";
	}

	boolean needsBouncyCastle() {
		return this.kdf instanceof Scrypt || (this.cipher != null && this.cipher.needsBouncyCastle());
	}

	/**
	 * Reads the scheme from the AlgorithmIdentifier of an EncryptedPrivateKeyInfo.
	 * @throws IllegalArgumentException when the identifier or its parameters are malformed
	 */
	static PbeScheme of(Der algorithmIdentifier) {
		String oid = algorithmIdentifier.oid();
		if (oid.equals(PBES2)) {
			return pbes2(algorithmIdentifier.sequence());
		}
		Pbes1 pbes1 = PBES1.get(oid);
		if (pbes1 != null) {
			Der parameters = algorithmIdentifier.sequence();
			byte[] salt = parameters.octetString();
			String unsupported = pbes1.digest().equals("MD2")
					? "MD2 is broken and openssl 3 no longer reads it either" : null;
			return new PbeScheme(pbes1.name(), List.of(oid), new Pbkdf1(pbes1.digest(), salt, iterations(parameters)),
					pbes1.cipher(), unsupported);
		}
		Pkcs12Scheme pkcs12 = PKCS12.get(oid);
		if (pkcs12 != null) {
			Der parameters = algorithmIdentifier.sequence();
			byte[] salt = parameters.octetString();
			return new PbeScheme(pkcs12.name(), List.of(oid), new Pkcs12(salt, iterations(parameters)),
					pkcs12.cipher(), null);
		}
		return new PbeScheme("an unknown scheme", List.of(oid), null, null,
				"it is neither PBES2, PBES1 nor a PKCS#12 PBE scheme");
	}

	private static PbeScheme pbes2(Der parameters) {
		Der kdfIdentifier = parameters.sequence();
		Der cipherIdentifier = parameters.sequence();
		List<String> oids = new ArrayList<>(List.of(PBES2));
		String kdfOid = kdfIdentifier.oid();
		oids.add(kdfOid);
		Kdf kdf = null;
		String kdfName;
		String unsupported = null;
		if (kdfOid.equals(PBKDF2)) {
			Der kdfParameters = kdfIdentifier.sequence();
			if (kdfParameters.peekTag() != Der.OCTET_STRING) {
				kdfName = "PBKDF2";
				unsupported = "its PBKDF2 salt is not given in the key (otherSource)";
			}
			else {
				byte[] salt = kdfParameters.octetString();
				int iterations = iterations(kdfParameters);
				int keyLength = (kdfParameters.peekTag() == Der.INTEGER) ? kdfParameters.integer(1, 64) : 0;
				String prfOid = "1.2.840.113549.2.7"; // hmacWithSHA1, the default
				if (kdfParameters.hasMore()) {
					prfOid = kdfParameters.sequence().oid();
				}
				oids.add(prfOid);
				String[] prf = PRFS.get(prfOid);
				kdfName = "PBKDF2 " + ((prf != null) ? prf[0] : "with an unknown PRF");
				if (prf == null) {
					unsupported = "its PBKDF2 PRF is unknown";
				}
				else {
					kdf = new Pbkdf2(prf[1], salt, iterations, keyLength);
				}
			}
		}
		else if (kdfOid.equals(SCRYPT)) {
			Der kdfParameters = kdfIdentifier.sequence();
			byte[] salt = kdfParameters.octetString();
			int n = kdfParameters.integer(2, Integer.MAX_VALUE);
			int r = kdfParameters.integer(1, Integer.MAX_VALUE);
			int p = kdfParameters.integer(1, Integer.MAX_VALUE);
			int keyLength = (kdfParameters.peekTag() == Der.INTEGER) ? kdfParameters.integer(1, 64) : 0;
			kdfName = "scrypt";
			kdf = new Scrypt(salt, n, r, p, keyLength);
		}
		else {
			kdfName = "an unknown key derivation";
			unsupported = "its key derivation function is unknown";
		}
		String cipherOid = cipherIdentifier.oid();
		oids.add(cipherOid);
		CipherSpec cipher = PBES2_CIPHERS.get(cipherOid);
		String cipherName;
		if (cipher == null) {
			cipherName = OTHER_CIPHER_NAMES.getOrDefault(cipherOid, "an unknown cipher");
			if (unsupported == null) {
				unsupported = "PBES2 is read here with CBC ciphers only (AES, DES-EDE3, DES, RC2, Blowfish, "
						+ "Camellia, ARIA, SM4, SEED, CAST5)";
			}
		}
		else {
			cipherName = cipher.name();
			cipher = pbes2Cipher(cipher, cipherIdentifier, kdf);
		}
		return new PbeScheme("PBES2 with " + kdfName + " and " + cipherName, List.copyOf(oids), kdf, cipher,
				unsupported);
	}

	/** The PBES2 cipher with its IV, and RC2's key size from the KDF and effective bits from its version. */
	private static CipherSpec pbes2Cipher(CipherSpec cipher, Der identifier, Kdf kdf) {
		int kdfKeyLength = (kdf instanceof Pbkdf2 pbkdf2) ? pbkdf2.keyLength()
				: (kdf instanceof Scrypt scrypt) ? scrypt.keyLength() : 0;
		if (cipher.name().equals("RC2-CBC")) {
			Der parameters = identifier.sequence();
			int bits = 32; // RFC 8018 B.2.3: no version means 32 effective bits
			if (parameters.peekTag() == Der.INTEGER) {
				int version = parameters.integer(0, 1024);
				bits = switch (version) {
					case 160 -> 40;
					case 120 -> 64;
					case 58 -> 128;
					default -> {
						if (version < 256) {
							throw new IllegalArgumentException("RC2 parameter version " + version + " is not supported");
						}
						yield version;
					}
				};
			}
			byte[] iv = parameters.octetString();
			return requireIv(cipher.withKey((kdfKeyLength > 0) ? kdfKeyLength : 16, bits).withIv(iv));
		}
		byte[] iv = identifier.octetString();
		boolean variable = cipher.name().startsWith("BF") || cipher.name().startsWith("CAST5");
		if (kdfKeyLength > 0 && kdfKeyLength != cipher.keyLength()) {
			if (!variable) {
				throw new IllegalArgumentException("key length " + kdfKeyLength + " does not fit " + cipher.name());
			}
			cipher = cipher.withKey(kdfKeyLength, 0);
		}
		return requireIv(cipher.withIv(iv));
	}

	private static CipherSpec requireIv(CipherSpec cipher) {
		if (cipher.iv().length != cipher.ivLength()) {
			throw new IllegalArgumentException("IV of " + cipher.iv().length + " bytes for " + cipher.name());
		}
		return cipher;
	}

	private static int iterations(Der parameters) {
		return parameters.integer(1, Integer.MAX_VALUE);
	}

}
