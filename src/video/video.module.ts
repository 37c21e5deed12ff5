import { Module } from '@nestjs/common';
import type { Config } from '../../config/config';
import { CONFIG } from '../common/injection-tokens';
import { AttendanceService } from './attendance.service';
import { AttendanceWorker } from './attendance.worker';
import { LiveKitVideoProvider } from './livekit-video-provider';
import { RoomCleanupWorker } from './room-cleanup.worker';
import { VideoEventRepository } from './video-event.repository';
import { VIDEO_PROVIDER } from './video-provider';
import { VideoController } from './video.controller';
import { VideoService } from './video.service';

@Module({
  controllers: [VideoController],
  providers: [
    {
      provide: VIDEO_PROVIDER,
      inject: [CONFIG],
      useFactory: (c: Config) =>
        new LiveKitVideoProvider({
          url: c.LIVEKIT_URL,
          apiKey: c.LIVEKIT_API_KEY,
          apiSecret: c.LIVEKIT_API_SECRET,
          requestTimeoutSeconds: c.LIVEKIT_TIMEOUT_SECONDS,
        }),
    },
    VideoService,
    RoomCleanupWorker,
    AttendanceService,
    AttendanceWorker,
    VideoEventRepository,
  ],
  exports: [VideoService],
})
export class VideoModule {}
