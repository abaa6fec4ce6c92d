package io.tributary.spring.autoconfigure.consumer.json;

import java.util.List;

/**
 * The packages whose classes a type header may name. An entry is a package ("com.example.orders", that package
 * only), a package and its sub-packages ("com.example.*"), or "*" for any class; the last only when a user writes it.
 */
final class TrustedPackages {

    private final List<String> entries;

    TrustedPackages(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    boolean trusts(String className) {
        int lastDot = className.lastIndexOf('.');
        String packageName = lastDot < 0 ? "" : className.substring(0, lastDot);
        for (String entry : entries) {
            if (entry.equals("*") || entry.equals(packageName)) {
                return true;
            }
            if (entry.endsWith(".*")) {
                String parent = entry.substring(0, entry.length() - 2);
                if (packageName.equals(parent) || packageName.startsWith(parent + ".")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
