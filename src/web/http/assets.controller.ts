import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Public } from '../../auth/staff-principal';
import { DomainError, ErrorCode } from '../../common/errors';

/**
 * Our stylesheet and scripts, from our own origin (CSP: 'self' only). tsc does not copy .css/.js
 * into dist/, so the source folder is the fallback when running the build.
 */
const ASSET_DIR = [
  join(__dirname, '..', 'assets'),
  join(__dirname, '..', '..', '..', '..', 'src', 'web', 'assets'),
].find((d) => existsSync(join(d, 'samtal.css')));

interface Asset {
  type: string;
  body: Buffer;
}

function load(): Map<string, Asset> {
  if (!ASSET_DIR) throw new Error('src/web/assets not found');
  const assets = new Map<string, Asset>();
  assets.set('samtal.css', { type: 'text/css; charset=utf-8', body: readFileSync(join(ASSET_DIR, 'samtal.css')) });
  assets.set('join.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(join(ASSET_DIR, 'join.js')) });
  assets.set('copy-field.js', {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(join(ASSET_DIR, 'copy-field.js')),
  });
  // The LiveKit browser SDK from our own node_modules: no CDN, so no third party learns who joins when.
  // (The package's exports hide dist/ paths; its main entry lives in dist/ next to the UMD build.)
  assets.set('livekit-client.umd.js', {
    type: 'text/javascript; charset=utf-8',
    body: readFileSync(join(dirname(require.resolve('livekit-client')), 'livekit-client.umd.js')),
  });
  return assets;
}

@ApiExcludeController()
@Public()
@Controller('assets')
export class AssetsController {
  private readonly assets = load();

  @Get(':name')
  serve(@Param('name') name: string, @Res() res: Response): void {
    const asset = this.assets.get(name);
    if (!asset) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.send(asset.body);
  }
}
