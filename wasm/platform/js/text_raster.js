// Lays out and rasterises text for text_raster.cpp with the browser's own text
// machinery. Loaded with --pre-js: runs in the module's scope (GL, GLctx, HEAP*).
Module.portalRasterInstall = function () {
  if (Module.portalRaster) return;

    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', {willReadFrequently: false});
    const seg = (typeof Intl === 'object' && Intl.Segmenter) ? {
        word: new Intl.Segmenter(undefined, {granularity: 'word'}),
        grapheme: new Intl.Segmenter(undefined, {granularity: 'grapheme'}),
    } : null;
    const pieces = (text, kind) => seg ? Array.from(seg[kind].segment(text), (s) => s.segment)
                                       : (kind === 'word' ? text.split(/(\s+)/) : Array.from(text));
    const RTL = /^[^A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u0900-\u097F\u3040-\u9FFF\uAC00-\uD7AF]*[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
    const R = {
        lines: [],
        family: 'PortalSans, "Noto Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Color Emoji", ' +
                '"Apple Color Emoji", "Segoe UI Emoji", sans-serif',
        emPerHeight: 0.734, ascentPerHeight: 0.785,
        font(weight, height) { return weight + ' ' + (height * R.emPerHeight).toFixed(3) + 'px ' + R.family; },
        // Greedy line breaking at word boundaries (graphemes inside a word too long for the line).
        layout(text, maxWidth) {
            ctx.font = R.font(R.weight, R.height);
            ctx.direction = 'ltr';
            const out = [];
            for (const para of text.split('\n')) {
                const rtl = RTL.test(para);
                if (!(maxWidth > 0)) { out.push({text: para, rtl}); continue; }
                const first = out.length;
                let line = '', width = 0;
                const flush = () => { out.push({text: line.replace(/\s+$/, ''), rtl}); line = ''; width = 0; };
                for (const word of pieces(para, 'word')) {
                    const w = ctx.measureText(word).width;
                    if (width + w <= maxWidth) { line += word; width += w; continue; }
                    if (/^\s+$/.test(word)) { if (line !== '') flush(); continue; }
                    if (line !== '') flush();
                    if (w <= maxWidth) { line = word; width = w; continue; }
                    for (const g of pieces(word, 'grapheme')) {
                        const gw = ctx.measureText(g).width;
                        if (width + gw > maxWidth && line !== '') flush();
                        line += g; width += gw;
                    }
                }
                if (line !== '' || out.length === first) flush();
            }
            return out;
        },
        texture(line, height, ratio, colour) {
            const pad = Math.ceil(height * 0.3);
            ctx.font = R.font(R.weight, height * ratio);
            ctx.direction = line.rtl ? 'rtl' : 'ltr';
            const width = Math.max(1, Math.ceil(ctx.measureText(line.text).width / ratio) + 2);
            const max = (GLctx.getParameter(GLctx.MAX_TEXTURE_SIZE) || 4096);
            canvas.width = Math.min(max, Math.ceil(width * ratio));
            canvas.height = Math.ceil((height + pad * 2) * ratio);
            ctx.font = R.font(R.weight, height * ratio);        // resizing resets the context
            ctx.direction = line.rtl ? 'rtl' : 'ltr';
            ctx.textAlign = line.rtl ? 'right' : 'left';
            ctx.textBaseline = 'alphabetic';
            ctx.fillStyle = colour;
            ctx.fillText(line.text, line.rtl ? canvas.width - ratio : ratio, (pad + height * R.ascentPerHeight) * ratio);
            const tex = GLctx.createTexture();
            const id = GL.getNewId(GL.textures);
            tex.name = id;
            GL.textures[id] = tex;
            GLctx.bindTexture(GLctx.TEXTURE_2D, tex);
            GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_MIN_FILTER, GLctx.LINEAR);
            GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_MAG_FILTER, GLctx.LINEAR);
            GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_WRAP_S, GLctx.CLAMP_TO_EDGE);
            GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_WRAP_T, GLctx.CLAMP_TO_EDGE);
            GLctx.pixelStorei(GLctx.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
            GLctx.texImage2D(GLctx.TEXTURE_2D, 0, GLctx.RGBA, GLctx.RGBA, GLctx.UNSIGNED_BYTE, canvas);
            return {id, width: canvas.width / ratio, height: canvas.height / ratio, pad};
        },
    };
    Module.portalRaster = R;
};
