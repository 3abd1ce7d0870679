package io.github.sslstarter.material;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;

/**
 * Whether a private key belongs to a public key. RSA keys (also RSASSA-PSS) compare their
 * modulus; EC, EdDSA and DSA keys sign a fixed challenge that the public key must verify.
 */
final class KeyMatch {

	private static final byte[] CHALLENGE = "io.github.sslstarter key/certificate match"
		.getBytes(StandardCharsets.US_ASCII);

	private KeyMatch() {
	}

	static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
		if (privateKey instanceof RSAKey rsaPrivate && publicKey instanceof RSAKey rsaPublic) {
			return rsaPrivate.getModulus().equals(rsaPublic.getModulus());
		}
		if (privateKey instanceof RSAKey || publicKey instanceof RSAKey) {
			return false;
		}
		String signatureAlgorithm = signatureAlgorithm(privateKey.getAlgorithm());
		if (signatureAlgorithm == null) {
			// No way to prove possession (e.g. XDH): at least the key types must agree.
			return privateKey.getAlgorithm().equals(publicKey.getAlgorithm());
		}
		try {
			Signature signer = Signature.getInstance(signatureAlgorithm);
			signer.initSign(privateKey);
			signer.update(CHALLENGE);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(signatureAlgorithm);
			verifier.initVerify(publicKey);
			verifier.update(CHALLENGE);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			// e.g. an EC key checked against an EdDSA certificate, or curves that differ
			return false;
		}
	}

	private static String signatureAlgorithm(String keyAlgorithm) {
		return switch (keyAlgorithm) {
			case "EC", "ECDSA" -> "SHA256withECDSA";
			case "EdDSA" -> "EdDSA";
			case "Ed25519", "Ed448" -> keyAlgorithm;
			case "DSA" -> "SHA256withDSA";
			default -> null;
		};
	}

}
