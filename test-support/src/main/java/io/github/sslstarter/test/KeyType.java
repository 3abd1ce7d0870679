package io.github.sslstarter.test;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * The key of a {@link TestCertificate}, and the signature algorithm it signs with unless told
 * otherwise. EC P-256 is the default: its keys are made in about a millisecond, RSA keys in tens
 * to hundreds.
 */
public enum KeyType {

	/** ECDSA on NIST P-256 (secp256r1, prime256v1), signing with SHA256withECDSA. */
	EC_P256,

	/** ECDSA on NIST P-384 (secp384r1), signing with SHA384withECDSA. */
	EC_P384,

	/** RSA with a 2048-bit modulus, signing with SHA256withRSA. */
	RSA_2048,

	/** RSA with a 3072-bit modulus, signing with SHA256withRSA. */
	RSA_3072,

	/**
	 * RSA with a 1024-bit modulus, signing with SHA256withRSA: a weak key, for tests of what refuses
	 * it (OpenSSL security level 2, for example).
	 */
	RSA_1024,

	/** Ed25519 (RFC 8410), which signs with itself. */
	ED25519;

	/**
	 * The JCA algorithm name of the key: {@code EC}, {@code RSA} or {@code Ed25519}.
	 * @return the algorithm
	 */
	public String algorithm() {
		return switch (this) {
			case EC_P256, EC_P384 -> "EC";
			case RSA_2048, RSA_3072, RSA_1024 -> "RSA";
			case ED25519 -> "Ed25519";
		};
	}

	/**
	 * The JCA name of the signature algorithm a key of this type signs certificates and CRLs with
	 * by default, such as {@code SHA256withECDSA}.
	 * @return the signature algorithm
	 */
	public String signatureAlgorithm() {
		return switch (this) {
			case EC_P256 -> "SHA256withECDSA";
			case EC_P384 -> "SHA384withECDSA";
			case RSA_2048, RSA_3072, RSA_1024 -> "SHA256withRSA";
			case ED25519 -> "Ed25519";
		};
	}

	/**
	 * Generates a new key pair of this type.
	 * @return the key pair
	 */
	public KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm());
			generator.initialize(parameters());
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("This JVM cannot generate a " + this + " key", ex);
		}
	}

	private AlgorithmParameterSpec parameters() {
		return switch (this) {
			case EC_P256 -> new ECGenParameterSpec("secp256r1");
			case EC_P384 -> new ECGenParameterSpec("secp384r1");
			case RSA_2048 -> new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4);
			case RSA_3072 -> new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4);
			case RSA_1024 -> new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4);
			case ED25519 -> NamedParameterSpec.ED25519;
		};
	}

	// the type whose default signature algorithm suits a key made elsewhere
	static KeyType of(KeyPair keys) {
		if (keys.getPublic() instanceof RSAPublicKey rsa) {
			return (rsa.getModulus().bitLength() <= 2048) ? RSA_2048 : RSA_3072;
		}
		if (keys.getPublic() instanceof ECPublicKey ec) {
			BigInteger order = ec.getParams().getOrder();
			return (order.bitLength() > 256) ? EC_P384 : EC_P256;
		}
		if (keys.getPublic().getAlgorithm().equals("Ed25519") || keys.getPublic().getAlgorithm().equals("EdDSA")) {
			return ED25519;
		}
		throw new IllegalArgumentException("A " + keys.getPublic().getAlgorithm()
				+ " key is none of the key types: give the signature algorithm with signatureAlgorithm(...)");
	}

}
