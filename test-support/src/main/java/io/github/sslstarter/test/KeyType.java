package io.github.sslstarter.test;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;

/**
 * The key of a {@link TestCertificate}, and the signature algorithm it signs with unless told
 * otherwise. EC P-256 is the default: its keys are made in about a millisecond, RSA keys in tens
 * to hundreds.
 */
public enum KeyType {

	/** ECDSA on NIST P-256 (secp256r1, prime256v1), signing with SHA256withECDSA. */
	EC_P256("EC", new ECGenParameterSpec("secp256r1"), 0, "SHA256withECDSA"),

	/** ECDSA on NIST P-384 (secp384r1), signing with SHA384withECDSA. */
	EC_P384("EC", new ECGenParameterSpec("secp384r1"), 0, "SHA384withECDSA"),

	/** RSA with a 2048-bit modulus, signing with SHA256withRSA. */
	RSA_2048("RSA", null, 2048, "SHA256withRSA"),

	/** RSA with a 3072-bit modulus, signing with SHA256withRSA. */
	RSA_3072("RSA", null, 3072, "SHA256withRSA"),

	/**
	 * RSA with a 1024-bit modulus, signing with SHA256withRSA: a weak key, for tests of what refuses
	 * it (OpenSSL security level 2, for example).
	 */
	RSA_1024("RSA", null, 1024, "SHA256withRSA"),

	/** Ed25519 (RFC 8410), which signs with itself. */
	ED25519("Ed25519", null, 0, "Ed25519");

	private final String algorithm;

	private final AlgorithmParameterSpec parameters;

	private final int bits;

	private final String signatureAlgorithm;

	KeyType(String algorithm, AlgorithmParameterSpec parameters, int bits, String signatureAlgorithm) {
		this.algorithm = algorithm;
		this.parameters = parameters;
		this.bits = bits;
		this.signatureAlgorithm = signatureAlgorithm;
	}

	/**
	 * The JCA algorithm name of the key: {@code EC}, {@code RSA} or {@code Ed25519}.
	 * @return the algorithm
	 */
	public String algorithm() {
		return this.algorithm;
	}

	/**
	 * The JCA name of the signature algorithm a key of this type signs certificates and CRLs with
	 * by default, such as {@code SHA256withECDSA}.
	 * @return the signature algorithm
	 */
	public String signatureAlgorithm() {
		return this.signatureAlgorithm;
	}

	/**
	 * Generates a new key pair of this type.
	 * @return the key pair
	 */
	public KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(this.algorithm);
			if (this.parameters != null) {
				generator.initialize(this.parameters);
			}
			else if (this.bits > 0) {
				generator.initialize(this.bits);
			}
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("This JVM cannot generate a " + this + " key", ex);
		}
	}

	static KeyType of(KeyPair keys) {
		String algorithm = keys.getPublic().getAlgorithm();
		if (algorithm.equals("RSA")) {
			int bits = ((java.security.interfaces.RSAPublicKey) keys.getPublic()).getModulus().bitLength();
			return (bits <= 1024) ? RSA_1024 : (bits <= 2048) ? RSA_2048 : RSA_3072;
		}
		if (algorithm.equals("EC")) {
			int bits = ((java.security.interfaces.ECPublicKey) keys.getPublic()).getParams().getOrder().bitLength();
			return (bits > 256) ? EC_P384 : EC_P256;
		}
		if (algorithm.equals("Ed25519") || algorithm.equals("EdDSA")) {
			return ED25519;
		}
		throw new IllegalArgumentException("A " + algorithm + " key is none of the key types " + java.util.Arrays
			.toString(values()) + ": give the signature algorithm with signatureAlgorithm(...)");
	}

}
