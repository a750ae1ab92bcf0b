package dev.qseal.simulators;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An answer a simulator sends: status, headers in order, body. Immutable. */
public final class SimulatorResponse {
    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;

    private SimulatorResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body.clone();
    }

    public static SimulatorResponse of(int status, String contentType, String body) {
        return new SimulatorResponse(status, List.of(Map.entry("Content-Type", contentType)), body.getBytes(StandardCharsets.UTF_8));
    }

    public static SimulatorResponse json(int status, String json) {
        return of(status, "application/json", json);
    }

    public static SimulatorResponse html(int status, String html) {
        return of(status, "text/html; charset=utf-8", html);
    }

    /** A redirect with no body. */
    public static SimulatorResponse redirect(int status, String location) {
        return new SimulatorResponse(status, List.of(Map.entry("Location", location)), new byte[0]);
    }

    /** A copy with one more header. */
    public SimulatorResponse withHeader(String name, String value) {
        List<Map.Entry<String, String>> h = new ArrayList<>(headers);
        h.add(Map.entry(Objects.requireNonNull(name), Objects.requireNonNull(value)));
        return new SimulatorResponse(status, h, body);
    }

    public int status() {
        return status;
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    public byte[] body() {
        return body.clone();
    }
}
