package io.llmd.sim.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Downloads a dataset ({@code --dataset-url}) to its file. The bytes go to a temporary file beside
 * it, moved into place only once whole: a failed or cut download leaves no file behind that a
 * later start would take for the dataset (the Go simulator leaves an empty one).
 */
final class DatasetDownload {
    private static final Logger LOG = Logger.getLogger(DatasetDownload.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final String url;
    private final Path target;

    DatasetDownload(String url, Path target) {
        this.url = url;
        this.target = target;
    }

    /** @throws IllegalStateException naming the URL and why the download failed */
    void run() {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw failed("it is not a URL");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw failed("only http and https URLs are downloaded");
        }
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path partial = null;
        try (HttpClient client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()) {
            Files.createDirectories(folder);
            LOG.info("Downloading the dataset from " + url + " to " + absolute);
            HttpResponse<InputStream> response =
                    client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw failed("the server answered HTTP " + response.statusCode());
                }
                partial = Files.createTempFile(folder, absolute.getFileName().toString(), ".part");
                long bytes = Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
                if (bytes == 0) {
                    throw failed("the file downloaded is empty");
                }
                Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("Downloaded the dataset (" + bytes + " bytes) to " + absolute);
            }
        } catch (IOException e) {
            throw failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted");
        } finally {
            deleteQuietly(partial);
        }
    }

    private IllegalStateException failed(String why) {
        return new IllegalStateException(
                "could not download the dataset from --dataset-url " + url + " to " + target + ": " + why);
    }

    private static void deleteQuietly(@Nullable Path partial) {
        if (partial == null) {
            return;
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            LOG.warning("Could not delete the partial download " + partial + ": " + e.getMessage());
        }
    }
}
