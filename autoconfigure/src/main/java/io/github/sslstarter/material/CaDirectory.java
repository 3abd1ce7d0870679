package io.github.sslstarter.material;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.github.sslstarter.material.MaterialException.Problem;

/**
 * Reads an OpenSSL-style CA directory ({@code SSL_ca_path}): certificates under hashed names as
 * made by {@code openssl rehash} (often symlinks), plain {@code *.pem}, {@code *.crt},
 * {@code *.cer} files, and CRLs under hashed names ({@code <hash>.r<n>}).
 */
final class CaDirectory {

	private static final Pattern HASHED_CERTIFICATE = Pattern.compile("[0-9a-f]{8}\\.[0-9]+");

	private static final Pattern HASHED_CRL = Pattern.compile("[0-9a-f]{8}\\.r[0-9]+");

	private CaDirectory() {
	}

	static boolean isCertificateName(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return HASHED_CERTIFICATE.matcher(name).matches() || lower.endsWith(".pem") || lower.endsWith(".crt")
				|| lower.endsWith(".cer");
	}

	static boolean isCrlName(String name) {
		return HASHED_CRL.matcher(name).matches();
	}

	/**
	 * Every distinct certificate, in file-name order. A hash link and its target contribute once.
	 * PEM files that hold no certificate (a key or CRL named *.pem) and dangling links are
	 * skipped; a candidate file that is not a certificate at all fails.
	 */
	static List<X509Certificate> certificates(Location location) {
		Path directory = directory(location);
		Set<X509Certificate> certificates = new LinkedHashSet<>();
		List<Path> files = files(directory, location, CaDirectory::isCertificateName);
		for (Path file : files) {
			byte[] bytes = read(file, true);
			if (bytes != null && !Certificates.isPemWithoutCertificate(bytes, file.toString())) {
				certificates.addAll(Certificates.parse(bytes, file.toString()));
			}
		}
		if (certificates.isEmpty()) {
			throw new MaterialException(Problem.EMPTY, location.description(),
					"The CA directory holds no certificate (" + files.size()
							+ " files named like <hash>.<n>, *.pem, *.crt or *.cer)",
					"Put the CA certificates there and run 'openssl rehash " + directory + "', or use a CA file");
		}
		return List.copyOf(certificates);
	}

	/** Every distinct CRL under a hashed CRL name; none is not an error. */
	static List<X509CRL> crls(Location location) {
		Path directory = directory(location);
		Set<X509CRL> crls = new LinkedHashSet<>();
		for (Path file : files(directory, location, CaDirectory::isCrlName)) {
			byte[] bytes = read(file, false);
			if (bytes != null) {
				crls.addAll(Certificates.parseCrls(bytes, file.toString()));
			}
		}
		return List.copyOf(crls);
	}

	private static Path directory(Location location) {
		Path directory = location.path();
		if (!Files.exists(directory)) {
			throw new MaterialException(Problem.NOT_FOUND, location.description(),
					"No CA directory at " + directory.toAbsolutePath(), "Check the CA path");
		}
		if (!Files.isDirectory(directory)) {
			throw new MaterialException(Problem.UNREADABLE, location.description(),
					"The CA path is not a directory: " + directory.toAbsolutePath(),
					"Point the CA path at a directory of certificates, or configure the file as a CA file");
		}
		return directory;
	}

	private static List<Path> files(Path directory, Location location, Predicate<String> nameFilter) {
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
			for (Path entry : entries) {
				if (nameFilter.test(entry.getFileName().toString())) {
					files.add(entry);
				}
			}
		}
		catch (AccessDeniedException ex) {
			throw unreadable(location, "The CA directory cannot be listed (permission denied): " + directory, ex);
		}
		catch (IOException ex) {
			throw unreadable(location, "The CA directory cannot be listed: " + directory, ex);
		}
		files.sort(null);
		return files;
	}

	/**
	 * The file's bytes, or null for what is not a regular file (dangling link, subdirectory).
	 * @throws MaterialException TOO_LARGE when {@code bounded} and the file is larger than
	 * {@link Location#MAX_SIZE} (CRLs are not bounded: a large CA's run to tens of MiB)
	 */
	private static byte[] read(Path file, boolean bounded) {
		if (!Files.isRegularFile(file)) {
			return null;
		}
		try {
			if (bounded) {
				Location.requireSize(Files.size(file), file.toString(), "file");
			}
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw unreadable(file.toString(), "A file in the CA directory cannot be read: " + file, ex);
		}
	}

	private static MaterialException unreadable(Location location, String message, Exception ex) {
		return unreadable(location.description(), message, ex);
	}

	private static MaterialException unreadable(String location, String message, Exception ex) {
		return new MaterialException(Problem.UNREADABLE, location, message,
				"Let the user running the application read the directory and its files", ex);
	}

}
