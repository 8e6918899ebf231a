package probelab.onnx;

import java.util.Map;
import probelab.onnx.OnnxGradients.Op;
import probelab.onnx.OnnxGradients.T;

/** The forward and backward pass of each operator {@link OnnxGradients} runs, on one image, in plain loops. */
final class Kernels {
    private Kernels() {}

    /** Receives the gradient of one of an operator's inputs. */
    interface Sink {
        void add(String input, float[] gradient);
    }

    static T forward(Op op, Map<String, T> v, String what) {
        T x = get(v, op, 0, what);
        return switch (op.type()) {
            case "Conv" -> conv(op, x, v.get(op.in().get(1)), op.in().size() > 2 ? v.get(op.in().get(2)) : null);
            case "Relu" -> map(x, a -> Math.max(a, 0f));
            case "LeakyRelu" -> {
                float alpha = op.f("alpha", 0.01f);
                yield map(x, a -> a >= 0 ? a : alpha * a);
            }
            case "Sigmoid" -> map(x, a -> (float) (1 / (1 + Math.exp(-a))));
            case "Tanh" -> map(x, a -> (float) Math.tanh(a));
            case "MaxPool", "AveragePool" -> pool(op, x, null, null);
            case "GlobalAveragePool" -> {
                int c = x.shape()[1], hw = x.size() / c;
                float[] y = new float[c];
                for (int ch = 0; ch < c; ch++) {
                    double s = 0;
                    for (int p = 0; p < hw; p++) s += x.v()[ch * hw + p];
                    y[ch] = (float) (s / hw);
                }
                int[] shape = x.shape().clone();
                for (int d = 2; d < shape.length; d++) shape[d] = 1;
                yield new T(shape, y);
            }
            case "BatchNormalization" -> {
                float[][] ab = batchNorm(op, v, x);
                int c = x.shape()[1], inner = x.size() / c;
                float[] y = new float[x.size()];
                for (int ch = 0; ch < c; ch++) for (int p = 0; p < inner; p++) y[ch * inner + p] = ab[0][ch] * x.v()[ch * inner + p] + ab[1][ch];
                yield new T(x.shape(), y);
            }
            case "Gemm" -> gemm(op, x, v.get(op.in().get(1)), op.in().size() > 2 ? v.get(op.in().get(2)) : null);
            case "MatMul" -> matmul(x, get(v, op, 1, what), what);
            case "Add", "Sub", "Mul" -> broadcast(op.type(), x, get(v, op, 1, what));
            case "Flatten" -> {
                int axis = (int) op.i("axis", 1);
                if (axis < 0) axis += x.shape().length;
                int outer = 1;
                for (int d = 0; d < axis; d++) outer *= x.shape()[d];
                yield new T(new int[] {outer, x.size() / outer}, x.v());
            }
            case "Reshape" -> new T(reshape(x.shape(), get(v, op, 1, what).v(), x.size(), what), x.v());
            case "Identity", "Dropout" -> x;
            case "Softmax" -> softmax(op, x);
            case "Shape" -> {
                float[] dims = new float[x.shape().length];
                for (int d = 0; d < dims.length; d++) dims[d] = x.shape()[d];
                yield new T(new int[] {dims.length}, dims);
            }
            case "Gather" -> {
                T idx = get(v, op, 1, what);
                if (x.shape().length != 1 || op.i("axis", 0) != 0) throw new IllegalArgumentException(what + ": attribution gathers from 1-D shape tensors only, " + op.name() + " reads " + OnnxGradients.shape(x.shape()));
                float[] y = new float[idx.size()];
                for (int i = 0; i < y.length; i++) y[i] = x.v()[(int) idx.v()[i] < 0 ? (int) idx.v()[i] + x.size() : (int) idx.v()[i]];
                yield new T(idx.shape(), y);
            }
            case "Unsqueeze" -> {
                long[] axes = op.in().size() > 1 ? toLongs(get(v, op, 1, what).v()) : op.ints("axes");
                int rank = x.shape().length + axes.length;
                int[] shape = new int[rank];
                boolean[] added = new boolean[rank];
                for (long a : axes) added[(int) (a < 0 ? a + rank : a)] = true;
                for (int d = 0, k = 0; d < rank; d++) shape[d] = added[d] ? 1 : x.shape()[k++];
                yield new T(shape, x.v());
            }
            case "Concat" -> concat(op, v, what);
            case "Pad" -> pad(op, v, x, null, null, what);
            default -> throw new IllegalArgumentException(what + ": no gradient for " + op.type());
        };
    }

    private static long[] toLongs(float[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (long) v[i];
        return out;
    }

    /** Outer size, each input's extent along the axis, inner size. */
    private static T concat(Op op, Map<String, T> v, String what) {
        T first = get(v, op, 0, what);
        int rank = first.shape().length, axis = (int) op.i("axis", 0);
        if (axis < 0) axis += rank;
        int outer = 1, inner = 1, total = 0;
        for (int d = 0; d < axis; d++) outer *= first.shape()[d];
        for (int d = axis + 1; d < rank; d++) inner *= first.shape()[d];
        for (int i = 0; i < op.in().size(); i++) total += get(v, op, i, what).shape()[axis];
        float[] y = new float[outer * total * inner];
        int at = 0;
        for (int i = 0; i < op.in().size(); i++) {
            T t = get(v, op, i, what);
            int n = t.shape()[axis];
            for (int o = 0; o < outer; o++) System.arraycopy(t.v(), o * n * inner, y, (o * total + at) * inner, n * inner);
            at += n;
        }
        int[] shape = first.shape().clone();
        shape[axis] = total;
        return new T(shape, y);
    }

    /** Constant padding; with {@code dy} given, writes dL/dx (the inner part of dy) into {@code dx} instead. */
    private static T pad(Op op, Map<String, T> v, T x, float[] dy, float[] dx, String what) {
        if (!op.s("mode", "constant").equals("constant")) throw new IllegalArgumentException(what + ": attribution pads with a constant only, " + op.name() + " uses " + op.s("mode", ""));
        long[] pads = op.in().size() > 1 && !op.in().get(1).isEmpty() ? toLongs(get(v, op, 1, what).v()) : op.ints("pads");
        float value = op.in().size() > 2 && !op.in().get(2).isEmpty() ? get(v, op, 2, what).v()[0] : op.f("value", 0f);
        int rank = x.shape().length;
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            if (pads[d] < 0 || pads[d + rank] < 0) throw new IllegalArgumentException(what + ": attribution pads, it does not crop (" + op.name() + ")");
            shape[d] = x.shape()[d] + (int) (pads[d] + pads[d + rank]);
        }
        int n = 1;
        for (int s : shape) n *= s;
        float[] y = new float[n];
        if (dy == null) java.util.Arrays.fill(y, value);
        int[] idx = new int[rank];
        for (int i = 0; i < x.size(); i++) {
            int o = 0;
            for (int d = 0; d < rank; d++) o = o * shape[d] + idx[d] + (int) pads[d];
            if (dy == null) y[o] = x.v()[i];
            else dx[i] = dy[o];
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < x.shape()[d]) break;
                idx[d] = 0;
            }
        }
        return new T(shape, y);
    }

    private static T get(Map<String, T> v, Op op, int i, String what) {
        T t = v.get(op.in().get(i));
        if (t == null) throw new IllegalArgumentException(what + ": node " + op.name() + " reads " + op.in().get(i) + ", which nothing computed");
        return t;
    }

    static void backward(Op op, Map<String, T> v, float[] dy, boolean guided, Sink sink) {
        T x = v.get(op.in().get(0));
        T y = v.get(op.out());
        float[] dx = new float[x.size()];
        switch (op.type()) {
            case "Conv" -> convBackward(op, x, v.get(op.in().get(1)), dy, dx);
            case "Relu" -> {
                for (int i = 0; i < dx.length; i++) dx[i] = x.v()[i] > 0 && (!guided || dy[i] > 0) ? dy[i] : 0;
            }
            case "LeakyRelu" -> {
                float alpha = op.f("alpha", 0.01f);
                for (int i = 0; i < dx.length; i++) dx[i] = guided && dy[i] < 0 ? 0 : x.v()[i] >= 0 ? dy[i] : alpha * dy[i];
            }
            case "Sigmoid" -> {
                for (int i = 0; i < dx.length; i++) dx[i] = dy[i] * y.v()[i] * (1 - y.v()[i]);
            }
            case "Tanh" -> {
                for (int i = 0; i < dx.length; i++) dx[i] = dy[i] * (1 - y.v()[i] * y.v()[i]);
            }
            case "MaxPool", "AveragePool" -> pool(op, x, dy, dx);
            case "GlobalAveragePool" -> {
                int c = x.shape()[1], hw = x.size() / c;
                for (int ch = 0; ch < c; ch++) for (int p = 0; p < hw; p++) dx[ch * hw + p] = dy[ch] / hw;
            }
            case "BatchNormalization" -> {
                float[][] ab = batchNorm(op, v, x);
                int c = x.shape()[1], inner = x.size() / c;
                for (int ch = 0; ch < c; ch++) for (int p = 0; p < inner; p++) dx[ch * inner + p] = ab[0][ch] * dy[ch * inner + p];
            }
            case "Gemm" -> gemmBackward(op, x, v.get(op.in().get(1)), dy, dx);
            case "MatMul" -> {
                T b = v.get(op.in().get(1));
                int k = b.shape()[0], n = b.shape()[1], rows = x.size() / k;
                for (int r = 0; r < rows; r++) for (int i = 0; i < k; i++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) s += dy[r * n + j] * b.v()[i * n + j];
                    dx[r * k + i] = (float) s;
                }
            }
            case "Add", "Sub", "Mul" -> {
                T b = v.get(op.in().get(1));
                int[] shape = y.shape();
                float[] db = new float[b.size()];
                int[] ia = new int[y.size()], ib = new int[y.size()];
                indices(shape, x.shape(), b.shape(), ia, ib);
                for (int i = 0; i < dy.length; i++) {
                    switch (op.type()) {
                        case "Add" -> {
                            dx[ia[i]] += dy[i];
                            db[ib[i]] += dy[i];
                        }
                        case "Sub" -> {
                            dx[ia[i]] += dy[i];
                            db[ib[i]] -= dy[i];
                        }
                        default -> {
                            dx[ia[i]] += dy[i] * b.v()[ib[i]];
                            db[ib[i]] += dy[i] * x.v()[ia[i]];
                        }
                    }
                }
                sink.add(op.in().get(1), db);
            }
            case "Flatten", "Reshape", "Identity", "Dropout", "Unsqueeze" -> System.arraycopy(dy, 0, dx, 0, dx.length);
            case "Pad" -> pad(op, v, x, dy, dx, "");
            case "Concat" -> {
                T first = x;
                int rank = first.shape().length, axis = (int) op.i("axis", 0);
                if (axis < 0) axis += rank;
                int outer = 1, inner = 1, total = y.shape()[axis], at = 0;
                for (int d = 0; d < axis; d++) outer *= first.shape()[d];
                for (int d = axis + 1; d < rank; d++) inner *= first.shape()[d];
                for (int i = 0; i < op.in().size(); i++) {
                    T t = v.get(op.in().get(i));
                    int n = t.shape()[axis];
                    float[] d = new float[t.size()];
                    for (int o = 0; o < outer; o++) System.arraycopy(dy, (o * total + at) * inner, d, o * n * inner, n * inner);
                    at += n;
                    if (i > 0) sink.add(op.in().get(i), d);
                    else System.arraycopy(d, 0, dx, 0, dx.length);
                }
            }
            case "Softmax" -> {
                int[] io = axis(op, x);
                int outer = io[0], size = io[1], inner = io[2];
                for (int o = 0; o < outer; o++) for (int in = 0; in < inner; in++) {
                    double dot = 0;
                    for (int j = 0; j < size; j++) {
                        int at = (o * size + j) * inner + in;
                        dot += dy[at] * y.v()[at];
                    }
                    for (int j = 0; j < size; j++) {
                        int at = (o * size + j) * inner + in;
                        dx[at] = (float) (y.v()[at] * (dy[at] - dot));
                    }
                }
            }
            default -> throw new IllegalArgumentException("no gradient for " + op.type());
        }
        sink.add(op.in().get(0), dx);
    }

    private interface F {
        float apply(float a);
    }

    private static T map(T x, F f) {
        float[] y = new float[x.size()];
        for (int i = 0; i < y.length; i++) y[i] = f.apply(x.v()[i]);
        return new T(x.shape(), y);
    }

    // ---- convolution ----------------------------------------------------------------------

    /** Geometry of a 2-D convolution or pooling window over x [1, C, H, W]. */
    private record Window(int kh, int kw, int sh, int sw, int pt, int pl, int dh, int dw, int outH, int outW) {}

    private static Window window(Op op, int h, int w, int kh, int kw, boolean ceil) {
        long[] s = op.ints("strides", 1, 1), p = op.ints("pads", 0, 0, 0, 0), d = op.ints("dilations", 1, 1);
        int dh = (int) d[0], dw = (int) d[1];
        int spanH = h + (int) (p[0] + p[2]) - dh * (kh - 1) - 1, spanW = w + (int) (p[1] + p[3]) - dw * (kw - 1) - 1;
        int outH = (ceil ? Math.floorDiv(spanH + (int) s[0] - 1, (int) s[0]) : Math.floorDiv(spanH, (int) s[0])) + 1;
        int outW = (ceil ? Math.floorDiv(spanW + (int) s[1] - 1, (int) s[1]) : Math.floorDiv(spanW, (int) s[1])) + 1;
        if (ceil) { // a last window must start inside the input or its left padding
            if ((outH - 1) * s[0] >= h + p[0]) outH--;
            if ((outW - 1) * s[1] >= w + p[1]) outW--;
        }
        return new Window(kh, kw, (int) s[0], (int) s[1], (int) p[0], (int) p[1], dh, dw, outH, outW);
    }

    private static T conv(Op op, T x, T wt, T bias) {
        int c = x.shape()[1], cg = wt.shape()[1], groups = (int) op.i("group", 1);
        if (c != cg * groups) throw new IllegalArgumentException("Conv " + op.name() + ": " + c + " input channels for " + groups + " groups of " + cg);
        Window g = window(op, x.shape()[2], x.shape()[3], wt.shape()[2], wt.shape()[3], false);
        return new T(new int[] {1, wt.shape()[0], g.outH(), g.outW()}, taps(op, x, wt, bias, null, null));
    }

    private static void convBackward(Op op, T x, T wt, float[] dy, float[] dx) {
        taps(op, x, wt, null, dy, dx);
    }

    /**
     * Visits every tap of a convolution over x [1, C, H, W] with weights [M, C/groups, kh, kw]:
     * without {@code dy}, sums each output (plus its bias) and returns them; with it, adds
     * each output's gradient times the tap's weight into {@code dx}.
     */
    private static float[] taps(Op op, T x, T wt, T bias, float[] dy, float[] dx) {
        int h = x.shape()[2], w = x.shape()[3], m = wt.shape()[0], cg = wt.shape()[1], kh = wt.shape()[2], kw = wt.shape()[3];
        int mg = m / (int) op.i("group", 1);
        Window g = window(op, h, w, kh, kw, false);
        float[] y = dy == null ? new float[m * g.outH() * g.outW()] : null;
        for (int oc = 0; oc < m; oc++) {
            int first = (oc / mg) * cg;
            for (int oy = 0; oy < g.outH(); oy++) for (int ox = 0; ox < g.outW(); ox++) {
                int o = (oc * g.outH() + oy) * g.outW() + ox;
                float d = dy == null ? 0 : dy[o];
                if (dy != null && d == 0) continue;
                double s = bias == null ? 0 : bias.v()[oc];
                for (int ic = 0; ic < cg; ic++) for (int ky = 0; ky < kh; ky++) {
                    int iy = oy * g.sh() - g.pt() + ky * g.dh();
                    if (iy < 0 || iy >= h) continue;
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = ox * g.sw() - g.pl() + kx * g.dw();
                        if (ix < 0 || ix >= w) continue;
                        int at = ((first + ic) * h + iy) * w + ix;
                        float weight = wt.v()[((oc * cg + ic) * kh + ky) * kw + kx];
                        if (dy == null) s += weight * x.v()[at];
                        else dx[at] += d * weight;
                    }
                }
                if (y != null) y[o] = (float) s;
            }
        }
        return y;
    }

    /** Max or average pooling; with {@code dy} given, writes dL/dx into {@code dx} instead. */
    private static T pool(Op op, T x, float[] dy, float[] dx) {
        long[] k = op.ints("kernel_shape");
        int c = x.shape()[1], h = x.shape()[2], w = x.shape()[3];
        Window g = window(op, h, w, (int) k[0], (int) k[1], op.i("ceil_mode", 0) == 1);
        boolean max = op.type().equals("MaxPool"), includePad = op.i("count_include_pad", 0) == 1;
        float[] y = new float[c * g.outH() * g.outW()];
        for (int ch = 0; ch < c; ch++) for (int oy = 0; oy < g.outH(); oy++) for (int ox = 0; ox < g.outW(); ox++) {
            int o = (ch * g.outH() + oy) * g.outW() + ox, best = -1, count = 0;
            double s = 0;
            float top = Float.NEGATIVE_INFINITY;
            for (int ky = 0; ky < g.kh(); ky++) for (int kx = 0; kx < g.kw(); kx++) {
                int iy = oy * g.sh() - g.pt() + ky * g.dh(), ix = ox * g.sw() - g.pl() + kx * g.dw();
                boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                if (includePad && !max && iy < h + g.pt() && ix < w + g.pl()) count++;
                if (!inside) continue;
                int i = (ch * h + iy) * w + ix;
                if (!includePad) count++;
                if (x.v()[i] > top) {
                    top = x.v()[i];
                    best = i;
                }
                s += x.v()[i];
            }
            y[o] = max ? top : (float) (s / Math.max(1, count));
            if (dy != null) {
                if (max) {
                    if (best >= 0) dx[best] += dy[o];
                } else {
                    for (int ky = 0; ky < g.kh(); ky++) for (int kx = 0; kx < g.kw(); kx++) {
                        int iy = oy * g.sh() - g.pt() + ky * g.dh(), ix = ox * g.sw() - g.pl() + kx * g.dw();
                        if (iy >= 0 && iy < h && ix >= 0 && ix < w) dx[(ch * h + iy) * w + ix] += dy[o] / Math.max(1, count);
                    }
                }
            }
        }
        return new T(new int[] {1, c, g.outH(), g.outW()}, y);
    }

    // ---- dense ----------------------------------------------------------------------------

    private static T gemm(Op op, T a, T b, T c) {
        if (op.i("transA", 0) != 0) throw new IllegalArgumentException("Gemm " + op.name() + ": transA is not supported for attribution");
        boolean tb = op.i("transB", 0) == 1;
        float alpha = op.f("alpha", 1f), beta = op.f("beta", 1f);
        int k = a.size(), n = tb ? b.shape()[0] : b.shape()[1];
        float[] y = new float[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < k; i++) s += a.v()[i] * (tb ? b.v()[j * k + i] : b.v()[i * n + j]);
            y[j] = (float) (alpha * s + (c == null ? 0 : beta * c.v()[c.size() == 1 ? 0 : j]));
        }
        return new T(new int[] {1, n}, y);
    }

    private static void gemmBackward(Op op, T a, T b, float[] dy, float[] dx) {
        boolean tb = op.i("transB", 0) == 1;
        float alpha = op.f("alpha", 1f);
        int k = a.size(), n = dy.length;
        for (int i = 0; i < k; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += dy[j] * (tb ? b.v()[j * k + i] : b.v()[i * n + j]);
            dx[i] = (float) (alpha * s);
        }
    }

    private static T matmul(T a, T b, String what) {
        if (b.shape().length != 2) throw new IllegalArgumentException(what + ": attribution multiplies by 2-D weights, got " + OnnxGradients.shape(b.shape()));
        int k = b.shape()[0], n = b.shape()[1], rows = a.size() / k;
        float[] y = new float[rows * n];
        for (int r = 0; r < rows; r++) for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < k; i++) s += a.v()[r * k + i] * b.v()[i * n + j];
            y[r * n + j] = (float) s;
        }
        int[] shape = a.shape().clone();
        shape[shape.length - 1] = n;
        return new T(shape, y);
    }

    private static float[][] batchNorm(Op op, Map<String, T> v, T x) {
        float[] scale = v.get(op.in().get(1)).v(), bias = v.get(op.in().get(2)).v(), mean = v.get(op.in().get(3)).v(), var = v.get(op.in().get(4)).v();
        float eps = op.f("epsilon", 1e-5f);
        int c = x.shape()[1];
        float[] a = new float[c], b = new float[c];
        for (int ch = 0; ch < c; ch++) {
            a[ch] = (float) (scale[ch] / Math.sqrt(var[ch] + eps));
            b[ch] = bias[ch] - a[ch] * mean[ch];
        }
        return new float[][] {a, b};
    }

    // ---- elementwise with broadcasting ----------------------------------------------------

    private static T broadcast(String type, T a, T b) {
        int rank = Math.max(a.shape().length, b.shape().length);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            int da = dim(a.shape(), d, rank), db = dim(b.shape(), d, rank);
            if (da != db && da != 1 && db != 1) throw new IllegalArgumentException(type + ": shapes " + OnnxGradients.shape(a.shape()) + " and " + OnnxGradients.shape(b.shape()) + " do not broadcast");
            shape[d] = Math.max(da, db);
        }
        int n = 1;
        for (int s : shape) n *= s;
        int[] ia = new int[n], ib = new int[n];
        indices(shape, a.shape(), b.shape(), ia, ib);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            float p = a.v()[ia[i]], q = b.v()[ib[i]];
            y[i] = type.equals("Add") ? p + q : type.equals("Sub") ? p - q : p * q;
        }
        return new T(shape, y);
    }

    private static int dim(int[] s, int d, int rank) {
        int at = d - (rank - s.length);
        return at < 0 ? 1 : s[at];
    }

    /** For each element of the broadcast {@code shape}, the element of a and of b it reads. */
    private static void indices(int[] shape, int[] sa, int[] sb, int[] ia, int[] ib) {
        int rank = shape.length, n = ia.length;
        int[] idx = new int[rank];
        for (int i = 0; i < n; i++) {
            int ra = 0, rb = 0;
            for (int d = 0; d < rank; d++) {
                int da = dim(sa, d, rank), db = dim(sb, d, rank);
                ra = ra * da + (da == 1 ? 0 : idx[d]);
                rb = rb * db + (db == 1 ? 0 : idx[d]);
            }
            ia[i] = ra;
            ib[i] = rb;
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
    }

    private static int[] reshape(int[] from, float[] target, int size, String what) {
        int[] shape = new int[target.length];
        int known = 1, infer = -1;
        for (int d = 0; d < shape.length; d++) {
            int t = (int) target[d];
            shape[d] = t == 0 ? from[d] : t;
            if (t == -1) infer = d;
            else known *= shape[d];
        }
        if (infer >= 0) shape[infer] = size / known;
        int n = 1;
        for (int s : shape) n *= s;
        if (n != size) throw new IllegalArgumentException(what + ": cannot reshape " + OnnxGradients.shape(from) + " to " + OnnxGradients.shape(shape));
        return shape;
    }

    /** Outer, axis and inner sizes of a softmax's axis (opset 13's default: the last). */
    private static int[] axis(Op op, T x) {
        int rank = x.shape().length, axis = (int) op.i("axis", -1);
        if (axis < 0) axis += rank;
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= x.shape()[d];
        for (int d = axis + 1; d < rank; d++) inner *= x.shape()[d];
        return new int[] {outer, x.shape()[axis], inner};
    }

    private static T softmax(Op op, T x) {
        int[] io = axis(op, x);
        float[] y = new float[x.size()];
        for (int o = 0; o < io[0]; o++) for (int in = 0; in < io[2]; in++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < io[1]; j++) m = Math.max(m, x.v()[(o * io[1] + j) * io[2] + in]);
            for (int j = 0; j < io[1]; j++) s += Math.exp(x.v()[(o * io[1] + j) * io[2] + in] - m);
            for (int j = 0; j < io[1]; j++) {
                int at = (o * io[1] + j) * io[2] + in;
                y[at] = (float) (Math.exp(x.v()[at] - m) / s);
            }
        }
        return new T(x.shape(), y);
    }
}
