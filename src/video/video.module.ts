import { Logger, Module } from '@nestjs/common';
import type { Config } from '../../config/config';
import { Clock } from '../common/clock';
import { CONFIG } from '../common/injection-tokens';
import { AttendanceService } from './attendance.service';
import { AttendanceWorker } from './attendance.worker';
import { LiveKitVideoProvider } from './livekit-video-provider';
import { OutageLog } from './outage-log';
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
      inject: [CONFIG, Clock],
      useFactory: (c: Config, clock: Clock) =>
        new LiveKitVideoProvider(
          {
            url: c.LIVEKIT_URL,
            apiKey: c.LIVEKIT_API_KEY,
            apiSecret: c.LIVEKIT_API_SECRET,
            requestTimeoutSeconds: c.LIVEKIT_TIMEOUT_SECONDS,
          },
          new OutageLog('LiveKit', new Logger('Video'), () => clock.now()),
        ),
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
