package io.github.sslstarter.material;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

/** Proves possession independently of the production code: sign with the key, verify with openssl's public key. */
final class KeyAssertions {

	private KeyAssertions() {
	}

	/** Asserts that {@code key} signs what the DER public key in {@code publicKeyDer} verifies. */
	static void assertKeyPairsWith(PrivateKey key, Path publicKeyDer) throws Exception {
		String keyFactoryAlgorithm = key.getAlgorithm().equals("EdDSA") ? edCurve(key) : key.getAlgorithm();
		X509EncodedKeySpec spec = new X509EncodedKeySpec(Files.readAllBytes(publicKeyDer));
		PublicKey publicKey;
		try {
			publicKey = KeyFactory.getInstance(keyFactoryAlgorithm).generatePublic(spec);
		}
		catch (InvalidKeySpecException ex) {
			if (!keyFactoryAlgorithm.equals("RSA")) {
				throw ex;
			}
			publicKey = KeyFactory.getInstance("RSASSA-PSS").generatePublic(spec); // the PKCS#1 form of an RSA-PSS key
		}
		assertKeyPairsWith(key, publicKey);
	}

	/**
	 * Asserts that {@code key} signs what {@code publicKey} verifies. An RSA key read from PKCS#1
	 * (which cannot say RSA-PSS) is checked against an RSASSA-PSS public key as plain RSA.
	 */
	static void assertKeyPairsWith(PrivateKey key, PublicKey publicKey) throws Exception {
		String algorithm = switch (key.getAlgorithm()) {
			case "RSA" -> "SHA256withRSA";
			case "RSASSA-PSS" -> "RSASSA-PSS";
			case "EC" -> "SHA256withECDSA";
			case "EdDSA", "Ed25519", "Ed448" -> edCurve(key);
			default -> throw new AssertionError("unexpected key algorithm " + key.getAlgorithm());
		};
		if (key.getAlgorithm().equals("RSA") && publicKey.getAlgorithm().equals("RSASSA-PSS")) {
			RSAPublicKey rsa = (RSAPublicKey) publicKey;
			publicKey = KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
		}
		byte[] data = "possession".getBytes(StandardCharsets.US_ASCII);
		Signature signer = Signature.getInstance(algorithm);
		if (algorithm.equals("RSASSA-PSS")) {
			signer.setParameter(PSS);
		}
		signer.initSign(key);
		signer.update(data);
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance(algorithm);
		if (algorithm.equals("RSASSA-PSS")) {
			verifier.setParameter(PSS);
		}
		verifier.initVerify(publicKey);
		verifier.update(data);
		assertThat(verifier.verify(signature)).as("signature by the loaded key verifies with openssl's public key")
			.isTrue();
	}

	private static final PSSParameterSpec PSS = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32,
			1);

	/** "Ed25519" or "Ed448" for an EdDSA key (whose algorithm the JDK reports as "EdDSA"). */
	private static String edCurve(PrivateKey key) {
		return (key instanceof EdECKey ed) ? ed.getParams().getName() : key.getAlgorithm();
	}

}
